import express from 'express';
import { closeServer, listen, portOf, startRealApi, type RunningServer } from './bench-servers.ts';

/**
 * The server side of api-overhead.bench.ts, run as a child process so that the server and the load
 * generator each have their own event loop, as they would on separate machines.
 *
 *   node api-overhead.server.ts bare   express 5 with no middleware, GET /bare
 *   node api-overhead.server.ts api    the real Scorebridge API (createApp), configured from the environment
 *
 * It listens on a free loopback port, sends `{ type: 'listening', port }` to the parent over IPC,
 * answers `cpu` with its CPU time so far (`{ type: 'cpu', micros }`), and shuts down when the
 * parent sends `stop` or goes away.
 */


async function startBare(): Promise<RunningServer> {
  const app = express();
  app.get('/bare', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = await listen(app);
  return { port: portOf(server), stop: () => closeServer(server) };
}

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'api') throw new Error(`Usage: node api-overhead.server.ts bare|api (got ${mode ?? 'nothing'})`);
if (!process.send) throw new Error('api-overhead.server.ts runs as a child process of the benchmark (with an IPC channel)');

const running = mode === 'bare' ? await startBare() : await startRealApi();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await running.stop();
    process.exitCode = 0;
  } catch (error) {
    console.error('[bench server] error while stopping:', error);
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
  }
});
process.once('disconnect', () => void stop());
process.send({ type: 'listening', port: running.port });

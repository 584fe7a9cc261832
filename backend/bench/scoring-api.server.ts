import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { fittedFeatureSpecSchema } from '@scorebridge/shared';
import express from 'express';
import { closeServer, listen, portOf, startRealApi, type RunningServer } from './bench-servers.ts';
import * as ort from 'onnxruntime-node';
import { SESSION_OPTIONS } from '../src/serving/session-options.ts';
import { createRawFieldFeedBuilder, GRAPH_NAMES } from '../src/training/onnx/index.ts';
import { serveParent } from './child-process.ts';

/**
 * The servers of scoring-api.bench.ts, one per child process, so that each has its own event loop
 * apart from the load generator's. Requests (child-process.ts):
 *
 *   start { mode: 'bare', onnxFile, featureSpecFile }
 *                                      express 5 + onnxruntime-node and nothing else: POST /score
 *                                      takes `{ records: [...] }` (the API's body; other fields are
 *                                      ignored), builds the feeds with createRawFieldFeedBuilder
 *                                      from the fitted feature spec, runs the model.onnx session
 *                                      (with serving's SESSION_OPTIONS) and answers `{ probabilities }`
 *   start { mode: 'api' }              the real API as `scorebridge serve` assembles it
 *                                      (assembleApi), configured from the environment, logging to
 *                                      BENCH_LOG_FILE
 *   cpu                                CPU time (user + system) of this process so far, µs
 *   watchStalls, then stalls           this process's event-loop delay and garbage-collection
 *                                      pauses between the two requests (StallReport)
 *
 * `start` answers `{ port, pid }` (a free loopback port); `stop` closes the server and its resources.
 */

/** The largest request body either server takes, as the API's default BODY_LIMIT_BYTES. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;


async function startBare(onnxFile: string, featureSpecFile: string): Promise<RunningServer> {
  const fitted = fittedFeatureSpecSchema.parse(JSON.parse(readFileSync(featureSpecFile, 'utf8')));
  const feedBuilder = createRawFieldFeedBuilder(fitted);
  // The serving engine's session options, so that the two differ by their pipelines alone.
  const session = await ort.InferenceSession.create(readFileSync(onnxFile), SESSION_OPTIONS);
  const app = express();
  app.use(express.json({ limit: BODY_LIMIT_BYTES }));
  app.post('/score', async (req, res) => {
    const records = (req.body as { records: Record<string, unknown>[] }).records;
    const { feeds } = feedBuilder.fromRecords(records);
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
    const output = (await session.run(tensors, [GRAPH_NAMES.probability]))[GRAPH_NAMES.probability]!;
    res.json({ probabilities: Array.from(output.data as Float32Array) });
  });
  const server = await listen(app);
  return {
    port: portOf(server),
    async stop() {
      await closeServer(server);
      await session.release();
    },
  };
}

let running: RunningServer | undefined;

/** What stalls this process's event loop during a measured run: its delay, and garbage collection. */
export interface StallReport {
  /** How late the event loop ran a 1 ms timer, ms (monitorEventLoopDelay). */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Garbage-collection pauses on the main thread. */
  gc: { count: number; totalMs: number; maxMs: number; over2Ms: number };
}

let watching: { delay: IntervalHistogram; gcObserver: PerformanceObserver; pauses: number[] } | undefined;

function startWatching(): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  delay.enable();
  watching = { delay, gcObserver, pauses };
}

function stopWatching(): StallReport {
  if (!watching) throw new Error('stalls: watching was not started');
  const { delay, gcObserver, pauses } = watching;
  watching = undefined;
  delay.disable();
  gcObserver.disconnect();
  const ms = (nanoseconds: number) => nanoseconds / 1e6;
  return {
    loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    gc: { count: pauses.length, totalMs: pauses.reduce((sum, pause) => sum + pause, 0), maxMs: Math.max(0, ...pauses), over2Ms: pauses.filter((pause) => pause > 2).length },
  };
}

serveParent(
  {
    async start(message) {
      if (running) throw new Error('This child already runs a server');
      if (message.mode === 'bare') running = await startBare(String(message.onnxFile), String(message.featureSpecFile));
      else if (message.mode === 'api') running = await startRealApi();
      else throw new Error(`Unknown mode ${String(message.mode)}: bare or api`);
      return { port: running.port, pid: process.pid };
    },
    async watchStalls() {
      startWatching();
    },
    async stalls() {
      return stopWatching();
    },
    async cpu() {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
  },
  async () => {
    await running?.stop();
  },
);

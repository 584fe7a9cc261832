import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from './child-process.ts';
import { summarizeLongStalls, watchLongStalls, type LongStall, type LongStallSummary } from './long-stalls.ts';

/**
 * The server of latency-budget.bench.ts, in a child process of its own: node:http, and for every
 * request, once its body has arrived, a fixed amount of CPU work on the main thread (a busy loop
 * whose length is calibrated at start to take `workMicros` on an uncontended core), then a fixed
 * JSON answer. It stands for a request path that costs that much CPU and does nothing else: no
 * other threads, no database, no garbage to speak of.
 * Requests (child-process.ts):
 *
 *   start                     listens on a free loopback port; answers { port, answerBytes }
 *   setWork { micros }        µs of calibrated work each request does from now on
 *   cpu                       CPU time (user + system) of this process so far, µs
 *   watchStalls, then stalls  this process's long stalls between the two requests
 */

/** One record's result with three reasons, in the shape of the scoring API's answer (its size is reported at start). */
const ANSWER = Buffer.from(JSON.stringify({ results: [{ id: 'lead-1', probability: 0.154909, score: 16, grade: 'D', reasons: ['x'.repeat(120), 'y'.repeat(120), 'z'.repeat(120)] }] }));

let workMicros = 0;
let server: http.Server | undefined;
let watcher: { stop(): LongStall[] } | undefined;

/** Where the busy loop leaves its result, so that the compiler cannot drop the loop. */
let sink = 1;

/** A chain of dependent multiply-adds: CPU work that takes the same time each run on an idle core. */
function spin(iterations: number): void {
  let value = sink;
  for (let i = 0; i < iterations; i += 1) value = (Math.imul(value, 1_103_515_245) + 12_345) | 0;
  sink = value;
}

/**
 * Iterations of `spin` per µs on this machine: the fastest of many short timed runs, so that runs
 * slowed by another thread or process taking the core do not count. The thread's own CPU clock
 * would be the natural measure, but node reads it through getrusage, which advances in steps of
 * the scheduler's tick: a loop on it spent about 3.7 ms a request when asked for 300 µs.
 */
function calibrate(): number {
  const iterations = 100_000;
  let fastestMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 200; run += 1) {
    const start = performance.now();
    spin(iterations);
    fastestMs = Math.min(fastestMs, performance.now() - start);
  }
  return iterations / (fastestMs * 1000);
}

const iterationsPerMicro = calibrate();

function answer(request: http.IncomingMessage, response: http.ServerResponse): void {
  request.resume();
  request.once('end', () => {
    spin(Math.round(workMicros * iterationsPerMicro));
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': ANSWER.length });
    response.end(ANSWER);
  });
}

serveParent(
  {
    async start() {
      if (server) throw new Error('This child already runs a server');
      const listening = http.createServer({ keepAliveTimeout: 60_000 }, answer);
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(0, '127.0.0.1', resolve);
      });
      server = listening;
      return { port: (listening.address() as AddressInfo).port, answerBytes: ANSWER.length };
    },
    async setWork(message) {
      const micros = Number(message.micros);
      if (!Number.isFinite(micros) || micros < 0) throw new Error(`setWork: micros must be a number of µs, 0 or more (got ${String(message.micros)})`);
      workMicros = micros;
    },
    async cpu() {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    async watchStalls() {
      watcher = watchLongStalls();
    },
    async stalls(): Promise<LongStallSummary> {
      if (!watcher) throw new Error('stalls: watchStalls was not asked first');
      const stalls = watcher.stop();
      watcher = undefined;
      return summarizeLongStalls(stalls);
    },
  },
  async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  },
);

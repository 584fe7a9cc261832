import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { fittedFeatureSpecSchema } from '@scorebridge/shared';
import express from 'express';
import { closeServer, listen, portOf, startRealApi, type RunningServer } from './bench-servers.ts';
import * as ort from 'onnxruntime-node';
import { SESSION_OPTIONS } from '../src/training/onnx/session-options.ts';
import { createRawFieldFeedBuilder, GRAPH_NAMES } from '../src/training/onnx/index.ts';
import { serveParent } from './child-process.ts';
import { summarizeLongStalls, watchLongStalls, type LongStall, type LongStallSummary } from './long-stalls.ts';

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
 *   watchStalls, then stalls           this process's event-loop delay, garbage-collection pauses
 *                                      and long stalls between the two requests (StallReport)
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
  /** Gaps of more than LONG_STALL_MS in the loop, with the time garbage collection took in them. */
  longStalls: LongStallSummary & { gcMs: number };
}

interface GcPause {
  startMs: number;
  ms: number;
}

let watching: { delay: IntervalHistogram; gcObserver: PerformanceObserver; pauses: GcPause[]; stalls: { stop(): LongStall[] } } | undefined;

function startWatching(): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: GcPause[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ startMs: entry.startTime, ms: entry.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  delay.enable();
  watching = { delay, gcObserver, pauses, stalls: watchLongStalls() };
}

function stopWatching(): StallReport {
  if (!watching) throw new Error('stalls: watching was not started');
  const { delay, gcObserver, pauses, stalls: watcher } = watching;
  watching = undefined;
  delay.disable();
  gcObserver.disconnect();
  const stalls = watcher.stop();
  const ms = (nanoseconds: number) => nanoseconds / 1e6;
  const durations = pauses.map((pause) => pause.ms);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  // Collections that began inside a stall (GC entries and the ticker share performance.now()'s clock).
  const gcInStalls = sum(pauses.filter((pause) => stalls.some((stall) => pause.startMs >= stall.startMs && pause.startMs < stall.startMs + stall.ms)).map((pause) => pause.ms));
  return {
    loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    gc: { count: pauses.length, totalMs: sum(durations), maxMs: Math.max(0, ...durations), over2Ms: durations.filter((pause) => pause > 2).length },
    longStalls: { ...summarizeLongStalls(stalls), gcMs: gcInStalls },
  };
}

/**
 * With BENCH_HEAP_PROFILE_DIR set, V8's sampling heap profiler runs over each watched run and its
 * profile is left in that folder: the objects sampled that outlived a young-generation collection
 * (those a minor collection freed are left out, those a full one freed are kept), by where they
 * were allocated. Open it in Chrome's DevTools, Memory tab.
 */
const heapProfileDir = process.env.BENCH_HEAP_PROFILE_DIR;
let heapSession: Session | undefined;
let heapProfiles = 0;

async function startHeapSampling(): Promise<void> {
  if (!heapProfileDir) return;
  heapSession = new Session();
  heapSession.connect();
  await heapSession.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
}

async function stopHeapSampling(): Promise<void> {
  if (!heapSession || !heapProfileDir) return;
  const { profile } = await heapSession.post('HeapProfiler.stopSampling');
  heapSession.disconnect();
  heapSession = undefined;
  mkdirSync(heapProfileDir, { recursive: true });
  writeFileSync(path.join(heapProfileDir, `${process.pid}-${++heapProfiles}.heapprofile`), JSON.stringify(profile));
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
      await startHeapSampling();
    },
    async stalls() {
      await stopHeapSampling();
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

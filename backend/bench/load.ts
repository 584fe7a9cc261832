import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeLongStalls, watchLongStalls, type LongStallSummary } from './long-stalls.ts';
import { createRawHttpPool, type RawHttpPool } from './raw-http-pool.ts';

/**
 * Load generators for HTTP benchmarks: autocannon (closed loop: N connections, each sending its
 * next request when the previous answer arrives, optionally capped per second) and a small open-loop
 * generator that sends at an even pace whatever the answers do.
 *
 * Latency is recorded per response at sub-millisecond precision from the send time. autocannon's
 * own percentiles come from a histogram of whole milliseconds, too coarse for loopback requests.
 */

// The subset of autocannon's programmatic API used here (autocannon ships no type declarations).
interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  /** Requests per second over all connections; each connection gets an equal share per second. */
  overallRate?: number;
  ignoreCoordinatedOmission?: boolean;
  /** Seconds before a request counts as timed out. */
  timeout?: number;
}

interface AutocannonResult {
  /** Seconds. */
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { total: number; sent: number };
}

interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
}

const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => AutocannonInstance;

export interface LoadOutcome {
  /** Seconds the measurement lasted. */
  seconds: number;
  /** Responses received, any status. */
  responses: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  non2xx: number;
  /** Count per status code. */
  statusCodes: Record<string, number>;
  /** Responses received during the discarded warm-up. */
  warmupResponses: number;
}

/** Nearest-rank percentiles of a sample. */
export function percentiles(sample: Float64Array): LoadOutcome['latencyMs'] {
  const sorted = Float64Array.from(sample).sort();
  const at = (p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: at(100) };
}

/** A growable list of float samples. */
class Samples {
  private values = new Float64Array(1 << 16);
  private length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  get count(): number {
    return this.length;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Requests of a measured run that failed: connection errors and answers other than 2xx. */
export function failedRequests(outcome: LoadOutcome): number {
  return outcome.errors + outcome.non2xx;
}

/** Of rounds of one case, the one whose p99 is the median (the upper middle one of an even count). */
export function roundWithMedianP99<Round extends { outcome: LoadOutcome }>(rounds: readonly Round[]): Round {
  if (rounds.length === 0) throw new Error('roundWithMedianP99: no rounds');
  const byP99 = [...rounds].sort((a, b) => a.outcome.latencyMs.p99 - b.outcome.latencyMs.p99);
  return byP99[Math.floor(byP99.length / 2)]!;
}

/** What every request of a run sends: GET with no body unless told otherwise. */
export interface RequestShape {
  url: string;
  headers?: Record<string, string>;
  /** GET by default. */
  method?: 'GET' | 'POST';
  /** The same body on every request (give its content-type in `headers`). */
  body?: string;
}

export interface ClosedLoopOptions extends RequestShape {
  connections: number;
  durationSeconds: number;
  /** Run the same load this long first and discard it (JIT, pools, caches). */
  warmupSeconds: number;
  /** Cap on requests per second over all connections (autocannon's `overallRate`). */
  overallRate?: number;
  /** Called right before and right after the measured run (not around the warm-up). */
  around?: MeasurementHooks;
}

export interface MeasurementHooks {
  before(): Promise<void>;
  after(): Promise<void>;
}

/** autocannon against one URL: a discarded warm-up, then the measured run. */
export async function closedLoop({ url, headers = {}, method, body, connections, durationSeconds, warmupSeconds, overallRate, around }: ClosedLoopOptions): Promise<LoadOutcome> {
  const options: AutocannonOptions = {
    url,
    headers,
    ...(method === undefined ? {} : { method }),
    ...(body === undefined ? {} : { body }),
    connections,
    duration: durationSeconds,
    // autocannon's coordinated-omission correction assumes an interval of ceil(1 / rate) ms = 1 ms
    // and would invent samples; our latencies are recorded from the response events anyway.
    ...(overallRate === undefined ? {} : { overallRate, ignoreCoordinatedOmission: true }),
  };
  const warmup = warmupSeconds > 0 ? await autocannon({ ...options, duration: warmupSeconds }) : undefined;

  const latencies = new Samples();
  await around?.before();
  const instance = autocannon(options);
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await instance;
  await around?.after();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    seconds: result.duration,
    responses: latencies.count,
    requestsPerSecond: latencies.count / result.duration,
    latencyMs: percentiles(latencies.view()),
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    warmupResponses: warmup?.requests.total ?? 0,
  };
}

export interface OpenLoopOptions extends RequestShape {
  /** Requests per second, sent at an even pace. */
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  around?: MeasurementHooks;
}

export interface OpenLoopOutcome extends LoadOutcome {
  /** How late the generator issued requests against the schedule (its own lag, not counted in latency). */
  sendLagMs: { p50: number; p99: number };
  /** Most requests awaiting an answer at once. */
  maxInFlight: number;
  /** Requests with no answer, by the error's code (ECONNRESET, ...) or message. */
  errorKinds: Record<string, number>;
  /**
   * The generator's own long stalls during the run. A response that arrives while the generator
   * cannot run is timed when it can, so these add to the latencies measured.
   */
  generatorStalls: LongStallSummary;
  /** The generator's own CPU time (its whole process) per request sent, µs. */
  generatorCpuMicros: number;
}

/**
 * Sends `rate` requests per second at an even pace (one every 1000/rate ms, a few at a time when
 * the timer fires late), without waiting for answers: the shape of traffic from many independent
 * clients, over at most 64 keep-alive connections (raw-http-pool.ts, lighter than Node's HTTP
 * client on the cores the server shares). Latency runs from the moment the generator issues a
 * request (so it includes any wait for a free connection) to the end of its response.
 */
export async function openLoop({ url, headers = {}, method = 'GET', body, rate, durationSeconds, warmupSeconds, around }: OpenLoopOptions): Promise<OpenLoopOutcome> {
  const pool = createRawHttpPool({ url, method, headers, body }, { maxConnections: 64, timeoutMs: 10_000 });
  try {
    const warmup = warmupSeconds > 0 ? await paced(pool, { rate, durationSeconds: warmupSeconds }) : undefined;
    await around?.before();
    const outcome = await paced(pool, { rate, durationSeconds });
    await around?.after();
    return { ...outcome, warmupResponses: warmup?.responses ?? 0 };
  } finally {
    pool.destroy();
  }
}

async function paced(pool: RawHttpPool, { rate, durationSeconds }: { rate: number; durationSeconds: number }): Promise<OpenLoopOutcome> {
  const total = Math.round(rate * durationSeconds);
  const intervalMs = 1000 / rate;
  const latencies = new Samples();
  const lags = new Samples();
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  let non2xx = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let finished = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  if (total === 0) allDone();
  const settle = () => {
    inFlight -= 1;
    finished += 1;
    if (finished === total) allDone();
  };

  const send = (scheduledAt: number) => {
    const sentAt = performance.now();
    lags.push(sentAt - scheduledAt);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pool.send((answer) => {
      if ('error' in answer) {
        errors += 1;
        errorKinds[answer.error] = (errorKinds[answer.error] ?? 0) + 1;
      } else {
        latencies.push(performance.now() - sentAt);
        statusCodes[answer.status] = (statusCodes[answer.status] ?? 0) + 1;
        if (answer.status < 200 || answer.status > 299) non2xx += 1;
      }
      settle();
    });
  };

  const stallWatch = watchLongStalls();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      send(start + next * intervalMs);
      next += 1;
    }
    if (next < total) await sleep(Math.max(0, start + next * intervalMs - performance.now()));
  }
  await done;
  const seconds = (performance.now() - start) / 1000;
  const generatorStalls = summarizeLongStalls(stallWatch.stop());
  const cpu = process.cpuUsage(cpuBefore);
  const lag = percentiles(lags.view());
  return {
    seconds,
    responses: latencies.count,
    requestsPerSecond: latencies.count / seconds,
    latencyMs: percentiles(latencies.view()),
    errors,
    non2xx,
    statusCodes,
    warmupResponses: 0,
    sendLagMs: { p50: lag.p50, p99: lag.p99 },
    maxInFlight,
    errorKinds,
    generatorStalls,
    generatorCpuMicros: total === 0 ? 0 : Math.round((cpu.user + cpu.system) / total),
  };
}

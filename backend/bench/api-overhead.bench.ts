import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../src/db/client.ts';
import { createWorkspaceWithAdmin } from '../src/workspaces/installation.ts';
import { fmt, positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { realApiEnvironment } from './bench-servers.ts';
import { closedLoop, openLoop, type LoadOutcome, type MeasurementHooks, type OpenLoopOutcome } from './load.ts';

/**
 * What the foundation's request pipeline costs. Later the scoring API must answer a single record
 * with p99 under 5 ms at 1,000 requests/s, and reach at least 75% of a bare endpoint's throughput.
 * This compares, in one run and on one machine:
 *
 *   a. a bare express 5 app (no middleware), GET /bare
 *   b. the real API (createApp), GET /v1/me with a real API key: every middleware, authentication
 *      (one indexed query), the per-credential rate limit, the route's two queries, response
 *      validation, and an info log line serialized and written to a file
 *   c. the real API's GET /health: the middleware without authentication, database or log line
 *
 * plus /v1/me at a fixed 1,000 requests/s, once with autocannon's `overallRate` and once with an
 * evenly paced open-loop generator.
 */

export const name = 'api-overhead';

const SERVER_SCRIPT = fileURLToPath(new URL('./api-overhead.server.ts', import.meta.url));
const FIXED_RATE = 1000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/**
 * The real API keeps getting faster for several seconds of load (V8 tiering up drizzle, zod,
 * express and pino code on two busy cores): after 2 s it served about 20% fewer requests/s than
 * after 12 s. One longer warm-up of the fresh process comes before its first measured case.
 */
const API_PROCESS_WARMUP_SECONDS = 10;

interface ChildServer {
  baseUrl: string;
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

type ServerMessage = { type: 'listening'; port: number } | { type: 'cpu'; micros: number };

async function startServer(mode: 'bare' | 'api', env: Record<string, string>): Promise<ChildServer> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [mode], {
    env: { ...process.env, ...env },
    // The server's own output goes to stderr, never into the Markdown report on stdout.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const exited = once(child, 'exit');
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await Promise.race([
      new Promise<number>((resolve) => {
        const onMessage = (message: ServerMessage) => {
          if (message.type !== 'listening') return;
          child.off('message', onMessage);
          resolve(message.port);
        };
        child.on('message', onMessage);
      }),
      exited.then(([code, signal]) => {
        throw new Error(`The ${mode} server exited during start (code ${String(code)}, signal ${String(signal)}); its output is above on stderr`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`The ${mode} server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      }),
    ]);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      cpuMicros: () =>
        new Promise<number>((resolve, reject) => {
          const onMessage = (message: ServerMessage) => {
            if (message.type !== 'cpu') return;
            child.off('message', onMessage);
            resolve(message.micros);
          };
          child.on('message', onMessage);
          child.send('cpu', (error) => {
            if (error) reject(error);
          });
        }),
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.send('stop');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      },
    };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** One request before loading a route, so a misconfigured case fails loudly instead of measuring 401s. */
async function expectOk(url: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} before the measurement: ${body.slice(0, 300)}`);
}

/** Lines in the log file so far (it only grows during the run). */
function logLines(file: string): number {
  let lines = 0;
  for (const byte of readFileSync(file)) if (byte === 0x0a) lines += 1;
  return lines;
}

interface CaseRow {
  label: string;
  load: string;
  outcome: LoadOutcome;
  /** CPU time of the server process per response during the measured run, in microseconds. */
  serverCpuMicros: number;
  /** Percentage of the bare endpoint's requests/s, for saturating cases. */
  relative: boolean;
}

/** Hooks that read the server's CPU time around a measured run, and the difference afterwards. */
function cpuMeter(server: ChildServer): MeasurementHooks & { micros(): number } {
  let start = 0;
  let end = 0;
  return {
    async before() {
      start = await server.cpuMicros();
    },
    async after() {
      end = await server.cpuMicros();
    },
    micros: () => end - start,
  };
}

function statusSummary(outcome: LoadOutcome): string {
  return Object.entries(outcome.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${count}x ${code}`)
    .join(', ');
}

export async function run({ databaseUrl, progress }: BenchContext): Promise<BenchResult> {
  const durationSeconds = positiveNumberFromEnv('BENCH_DURATION_SECONDS', 10);
  const warmupSeconds = Math.min(2, durationSeconds);
  const connections = 10;

  const database = createDatabase({ url: databaseUrl, poolMax: 2 });
  let key: string;
  try {
    ({ adminKey: key } = await createWorkspaceWithAdmin(database.db, 'benchmark', { name: 'Benchmark', slug: 'bench', adminEmail: 'bench@example.com', adminName: 'Bench' }));
  } finally {
    await database.close();
  }
  const auth = { authorization: `Bearer ${key}` };

  const rows: CaseRow[] = [];
  const logFile = path.join(os.tmpdir(), `scorebridge-bench-api-${process.pid}.log`);
  writeFileSync(logFile, '');
  const loggedLines: Record<string, number> = {};
  let paced: OpenLoopOutcome | undefined;

  /** Runs one case against `server` and records its row, the server's CPU time and its log lines. */
  const measure = async (server: ChildServer, label: string, load: string, relative: boolean, generate: (around: MeasurementHooks) => Promise<LoadOutcome>) => {
    progress(`${label} (${load})`);
    const cpu = cpuMeter(server);
    const linesBefore = logLines(logFile);
    const outcome = await generate(cpu);
    // Per response of the measured run; log lines also count the warm-up, which sends the same requests.
    rows.push({ label, load, outcome, serverCpuMicros: Math.round(cpu.micros() / outcome.responses), relative });
    loggedLines[label] = (logLines(logFile) - linesBefore) / (outcome.warmupResponses + outcome.responses);
  };
  const closed = (url: string, headers: Record<string, string> = {}, overallRate?: number) => (around: MeasurementHooks) =>
    closedLoop({ url, headers, connections, durationSeconds, warmupSeconds, around, ...(overallRate === undefined ? {} : { overallRate }) });
  const saturating = `${connections} connections`;

  try {
    const bare = await startServer('bare', { NODE_ENV: 'production' });
    try {
      await expectOk(`${bare.baseUrl}/bare`);
      await measure(bare, 'a. bare express 5, GET /bare', saturating, true, closed(`${bare.baseUrl}/bare`));
    } finally {
      await bare.stop();
    }

    const api = await startServer('api', realApiEnvironment(databaseUrl, logFile));
    try {
      await expectOk(`${api.baseUrl}/health`);
      await expectOk(`${api.baseUrl}/v1/me`, auth);
      progress(`warming up the fresh API process: ${API_PROCESS_WARMUP_SECONDS} s of GET /v1/me`);
      await closedLoop({ url: `${api.baseUrl}/v1/me`, headers: auth, connections, durationSeconds: API_PROCESS_WARMUP_SECONDS, warmupSeconds: 0 });

      await measure(api, 'b. real API, GET /v1/me (API key)', saturating, true, closed(`${api.baseUrl}/v1/me`, auth));
      await measure(api, 'c. real API, GET /health', saturating, true, closed(`${api.baseUrl}/health`));
      await measure(api, 'd. real API, GET /v1/me', `${FIXED_RATE}/s, autocannon overallRate, ${connections} conn.`, false, closed(`${api.baseUrl}/v1/me`, auth, FIXED_RATE));
      await measure(api, 'e. real API, GET /v1/me', `${FIXED_RATE}/s, evenly paced (open loop)`, false, async (around) => {
        paced = await openLoop({ url: `${api.baseUrl}/v1/me`, headers: auth, rate: FIXED_RATE, durationSeconds, warmupSeconds, around });
        return paced;
      });
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(logFile, { force: true });
  }

  const byLabel = (prefix: string) => rows.find((row) => row.label.startsWith(prefix))!;
  const bareRow = byLabel('a.');
  const me = byLabel('b.');
  const health = byLabel('c.');
  const bareRate = bareRow.outcome.requestsPerSecond;
  const table: Cell[][] = rows.map(({ label, load, outcome, serverCpuMicros, relative }) => [
    label,
    load,
    Math.round(outcome.requestsPerSecond),
    serverCpuMicros,
    outcome.latencyMs.p50,
    outcome.latencyMs.p90,
    outcome.latencyMs.p99,
    outcome.latencyMs.max,
    outcome.errors,
    outcome.non2xx,
    relative ? `${((100 * outcome.requestsPerSecond) / bareRate).toFixed(1)}%` : '-',
  ]);

  const notes: string[] = [
    `Load: autocannon ${connections} connections over loopback, ${warmupSeconds} s warm-up (discarded) then ${durationSeconds} s measured per case (BENCH_DURATION_SECONDS); before its first case the real API process also gets ${API_PROCESS_WARMUP_SECONDS} s of GET /v1/me, discarded. The servers run in child processes (NODE_ENV=production); the load generator shares the ${os.cpus().length} cores with them, so a saturating case measures the pair, not the server alone.`,
    'Latency is per response, from the request being written to the last byte of the answer, at sub-millisecond precision (autocannon\'s own histogram has whole-millisecond buckets). Errors are connection errors and timeouts; non-2xx are answers with another status.',
    `Real API: createApp over a fresh database and a real pg-boss, API key of an admin created with createWorkspaceWithAdmin, RATE_LIMIT_MAX=1000000000 (counted, never reached), DATABASE_POOL_MAX=10, LOG_LEVEL=info as JSON through pino.destination (sync, like standard output) to a file. Log lines per request: /v1/me ${fmt(loggedLines[me.label])}, /health ${fmt(loggedLines[health.label])} (pino-http does not log /health by design).`,
    `Server CPU: user + system time of the server process (all its threads: JIT, GC, pg-boss) over the measured run, per response; PostgreSQL's own CPU is not in it. It depends less on the shared cores than requests/s does; 1,000,000 / µs per request is what one core could serve.`,
    `Pipeline cost, from the saturating cases: /health reaches ${fmt((health.outcome.requestsPerSecond / bareRate) * 100, 1)}% and /v1/me ${fmt((me.outcome.requestsPerSecond / bareRate) * 100, 1)}% of the bare endpoint's requests/s; per request the server spends ${signed(health.serverCpuMicros - bareRow.serverCpuMicros)} µs (/health) and ${signed(me.serverCpuMicros - bareRow.serverCpuMicros)} µs (/v1/me) more CPU than bare, and p50 latency is ${signed(health.outcome.latencyMs.p50 - bareRow.outcome.latencyMs.p50, 2)} ms and ${signed(me.outcome.latencyMs.p50 - bareRow.outcome.latencyMs.p50, 2)} ms higher.`,
    `d: autocannon's overallRate gives each connection ${FIXED_RATE / connections} requests per second and lets it send them back to back at the start of each second, so the server sees bursts of ${connections} concurrent requests, not an even ${FIXED_RATE}/s; its latency is closer to a saturating case than to steady traffic.`,
    `e: one request every ${fmt(1000 / FIXED_RATE)} ms whatever the answers (keep-alive sockets, up to 64; beyond that requests wait in the generator, and that wait counts as latency): the shape of the scoring target (p99 < 5 ms at ${FIXED_RATE}/s). Generator send lag p50 ${fmt(paced?.sendLagMs.p50)} ms, p99 ${fmt(paced?.sendLagMs.p99)} ms; at most ${paced?.maxInFlight ?? '?'} requests in flight.`,
    'This machine is shared and noisy: compare cases within one run, not figures across runs.',
  ];
  for (const row of rows.filter((candidate) => !candidate.relative && candidate.outcome.requestsPerSecond < FIXED_RATE * 0.95)) {
    notes.push(
      `NOT REACHED: ${row.label} (${row.load}) got ${Math.round(row.outcome.requestsPerSecond)}/s of the ${FIXED_RATE}/s asked for: the API could not keep up on this machine during this case, so ${row.label.startsWith('e.') ? 'requests queued up for the whole run and its latency measures that queue, not the pipeline' : 'its latency is that of a saturating case'}.`,
    );
  }
  const withNon2xx = rows.filter((row) => row.outcome.non2xx > 0 || row.outcome.errors > 0);
  for (const row of withNon2xx) {
    notes.push(`WARNING: ${row.label} (${row.load}) had ${row.outcome.non2xx} non-2xx answers${statusSummary(row.outcome) ? ` (${statusSummary(row.outcome)})` : ''} and ${row.outcome.errors} errors; its figures include them.`);
  }
  if (withNon2xx.length === 0) notes.push('Every answer in every case was 2xx, with no connection errors or timeouts.');

  return {
    title: 'API overhead: the request pipeline against a bare express endpoint',
    columns: ['case', 'load', 'requests/s', 'server CPU µs/req', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', '% of bare'],
    rows: table,
    notes,
  };
}

function signed(value: number, digits = 0): string {
  return `${value >= 0 ? '+' : ''}${fmt(value, digits)}`;
}


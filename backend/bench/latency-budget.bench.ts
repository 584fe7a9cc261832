import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeLoadAverage, fmt, positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { childCpuMeter, forkChild } from './child-process.ts';
import { leadRecords, SINGLE_RECORD_SEED } from './lead-records.ts';
import { describeLongStalls, LONG_STALL_MS, type LongStallSummary } from './long-stalls.ts';
import { failedRequests, openLoop, roundWithMedianP99, type OpenLoopOutcome } from './load.ts';

/**
 * How much CPU a request may cost, on this machine, for a p99 under 5 ms at an evenly paced 1,000
 * requests/s: issue 5's latency target, asked of a server that does nothing but spend a set amount
 * of CPU on each request (latency-budget.server.ts). The scoring benchmark's "server CPU
 * µs/request" at 1,000/s, read against this curve, says how far the real API is from the target
 * on the same machine, and how much of its tail the machine sets: on a 2-core machine shared with
 * the load generator, other processes and the hypervisor, a server's tail depends on how busy it
 * keeps a core, not only on the length of a request.
 *
 * In rounds (BENCH_PACED_ROUNDS, default 3), every CPU level in turn, each at 1,000 requests/s for
 * 2 s of warm-up and BENCH_DURATION_SECONDS (default 10) measured, with scoring-api's open-loop
 * generator; each level is reported by its round with the median p99. BENCH_BUDGET_LEVELS
 * (comma-separated µs, default 0,100,200,300,400,500) sets the levels.
 */

export const name = 'latency-budget';

const SERVER_SCRIPT = fileURLToPath(new URL('./latency-budget.server.ts', import.meta.url));
const RATE = 1000;
const TARGET_P99_MS = 5;
const DEFAULT_LEVELS_MICROS = [0, 100, 200, 300, 400, 500];
const DEFAULT_ROUNDS = 3;
/** The scoring benchmark's single-record request body: the same generated lead, the same model name. */
const REQUEST_BODY = JSON.stringify({ model: 'Lead conversion', records: leadRecords(1, SINGLE_RECORD_SEED) });

interface LevelRound {
  outcome: OpenLoopOutcome;
  serverCpuMicros: number;
  serverStalls: LongStallSummary;
}

/** BENCH_BUDGET_LEVELS, or the default levels. */
export function levelsFromEnv(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_LEVELS_MICROS;
  const levels = raw.split(',').map((part) => part.trim());
  const bad = levels.find((part) => part === '' || !Number.isFinite(Number(part)) || Number(part) < 0);
  if (bad !== undefined) throw new Error(`BENCH_BUDGET_LEVELS must list µs of CPU a request, 0 or more, separated by commas (got "${bad}" in ${JSON.stringify(raw)})`);
  const values = levels.map(Number);
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) throw new Error(`BENCH_BUDGET_LEVELS lists ${repeated} µs more than once (${JSON.stringify(raw)}): each level runs once a round`);
  return values;
}

export async function run({ progress }: BenchContext): Promise<BenchResult> {
  const durationSeconds = positiveNumberFromEnv('BENCH_DURATION_SECONDS', 10);
  const rounds = Math.round(positiveNumberFromEnv('BENCH_PACED_ROUNDS', DEFAULT_ROUNDS));
  const levels = levelsFromEnv(process.env.BENCH_BUDGET_LEVELS);
  const warmupSeconds = Math.min(2, durationSeconds);
  const loadBefore = os.loadavg();
  const child = forkChild(SERVER_SCRIPT);
  const byLevel = new Map<number, LevelRound[]>(levels.map((level) => [level, []]));
  let answerBytes: number;
  try {
    const started = await child.request<{ port: number; answerBytes: number }>('start');
    answerBytes = started.answerBytes;
    const url = `http://127.0.0.1:${started.port}/score`;
    for (let round = 1; round <= rounds; round += 1) {
      for (const level of levels) {
        progress(`${level} µs of CPU a request at ${RATE}/s, round ${round} of ${rounds}`);
        await child.request('setWork', { micros: level });
        const cpu = childCpuMeter(child);
        let serverStalls: LongStallSummary | undefined;
        const outcome = await openLoop({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: REQUEST_BODY,
          rate: RATE,
          durationSeconds,
          warmupSeconds,
          around: {
            async before() {
              await child.request('watchStalls');
              await cpu.before();
            },
            async after() {
              await cpu.after();
              serverStalls = await child.request<LongStallSummary>('stalls');
            },
          },
        });
        byLevel.get(level)!.push({ outcome, serverCpuMicros: Math.round(cpu.micros() / Math.max(1, outcome.responses)), serverStalls: serverStalls! });
      }
    }
  } finally {
    await child.stop();
  }
  return report(byLevel, { durationSeconds, warmupSeconds, rounds, answerBytes, loadBefore, loadAfter: os.loadavg() });
}

function report(
  byLevel: Map<number, LevelRound[]>,
  { durationSeconds, warmupSeconds, rounds, answerBytes, loadBefore, loadAfter }: { durationSeconds: number; warmupSeconds: number; rounds: number; answerBytes: number; loadBefore: number[]; loadAfter: number[] },
): BenchResult {
  const rows: Cell[][] = [];
  const stallNotes: string[] = [];
  const generatorCpu: number[] = [];
  /** The heaviest level that met the target, with its median round's measured server CPU. */
  let budget: { level: number; serverCpuMicros: number } | undefined;
  for (const [level, levelRounds] of byLevel) {
    const median = roundWithMedianP99(levelRounds);
    const { latencyMs } = median.outcome;
    const failed = levelRounds.reduce((total, { outcome }) => total + failedRequests(outcome), 0);
    const passes = latencyMs.p99 < TARGET_P99_MS;
    if (passes && (budget === undefined || level > budget.level)) budget = { level, serverCpuMicros: median.serverCpuMicros };
    generatorCpu.push(...levelRounds.map(({ outcome }) => outcome.generatorCpuMicros));
    rows.push([
      level,
      median.serverCpuMicros,
      fmt(latencyMs.p50),
      fmt(latencyMs.p95),
      fmt(latencyMs.p99),
      fmt(latencyMs.max),
      levelRounds.map(({ outcome }) => fmt(outcome.latencyMs.p99)).join(', '),
      failed,
      passes ? 'PASS' : 'FAIL',
    ]);
    stallNotes.push(`${level} µs: ${describeLongStalls(median.serverStalls)}`);
  }
  const notes = [
    `Server: node:http in a child process; each request, once its body has arrived, runs a busy loop on the main thread, calibrated at the server's start to take the set µs on an uncontended core (so the work is fixed, as a real request's is, and takes longer when the core is shared), then gets a fixed ${answerBytes}-byte JSON answer. Nothing else runs in it: no database, no other threads' work, almost no garbage. Requests: POST with the scoring benchmark's single-record body (${REQUEST_BODY.length} bytes).`,
    `Load: one request every ${fmt(1000 / RATE)} ms whatever the answers (scoring-api's open-loop generator, load.ts), ${warmupSeconds} s of warm-up then ${durationSeconds} s measured per level, in ${rounds} rounds, each running every level in the order listed; each row shows the level's round with the median p99, and "p99 of each round" all of them in the order run. Latency from the request being issued to the last byte of its answer.`,
    `Server CPU µs/request: the whole server process's user + system time over the measured run, per answer: the set work plus node's HTTP and the system calls. The generator used ${fmt(Math.min(...generatorCpu), 0)}-${fmt(Math.max(...generatorCpu), 0)} µs of CPU a request on the same cores.`,
    budget === undefined
      ? `No level met p99 < ${TARGET_P99_MS} ms in its median round: on this machine, during this run, even the lightest request missed the target.`
      : `The most CPU a request could cost and meet p99 < ${TARGET_P99_MS} ms in its median round, of the levels tried: ${budget.level} µs of set work, ${budget.serverCpuMicros} µs of server CPU a request. Read the latter against the real API's "server CPU µs/request" at ${RATE.toLocaleString('en-US')}/s in the scoring-api benchmark, run beside it (\`npm run bench -- scoring-api latency-budget\`).`,
    `The server's own long stalls in each level's median round (gaps of more than ${LONG_STALL_MS} ms between ticks of a 1 ms timer, split by the main thread's CPU time into work and waiting for a core): ${stallNotes.join('; ')}.`,
    `${describeLoadAverage(loadBefore, loadAfter)} On ${os.cpus().length} cores shared with other work: compare rows within one run.`,
  ];
  return {
    title: `Latency budget: p99 at an evenly paced ${RATE.toLocaleString('en-US')} requests/s against CPU time a request`,
    columns: ['set work, µs of CPU a request', 'server CPU µs/request', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 of each round, ms', 'failed', `p99 < ${TARGET_P99_MS} ms`],
    rows,
    notes,
  };
}

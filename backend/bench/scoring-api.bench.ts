import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueApiKey } from '../src/auth/api-keys.service.ts';
import type { Actor } from '../src/auth/principal.ts';
import { insertUser } from '../src/auth/users.repo.ts';
import { importTable } from '../src/datasets/datasets.service.ts';
import { createDatabase, type Db } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { realApiEnvironment } from './bench-servers.ts';
import { SERVING_NODE_OPTIONS } from '../src/api/heap-tuning.ts';
import { moveAlias } from '../src/registry/model-aliases.repo.ts';
import { readVersionArtifact } from '../src/registry/model-versions.repo.ts';
import { findRegisteredModel } from '../src/registry/registered-models.repo.ts';
import { OUTCOME_FIELDS, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../src/synthetic/index.ts';
import { leadRecords, SINGLE_RECORD_SEED } from './lead-records.ts';
import { runTraining } from '../src/training/runs/index.ts';
import { findTrainingRunView } from '../src/training/runs/training-runs.repo.ts';
import { createTrainingRun, toTrainingRun } from '../src/training/runs/training-runs.service.ts';
import { VERSION_ARTIFACTS } from '../src/training/scoring/load-trained-model.ts';
import { createWorkspaceWithAdmin } from '../src/workspaces/installation.ts';
import { describeLoadAverage, fmt, positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { childCpuMeter, forkChild, type ChildHandle } from './child-process.ts';
import { describeLongStalls, LONG_STALL_MS } from './long-stalls.ts';
import type { StallReport } from './scoring-api.server.ts';
import { closedLoop, failedRequests, openLoop, percentiles, roundWithMedianP99, type LoadOutcome, type MeasurementHooks, type OpenLoopOutcome } from './load.ts';

/**
 * The scoring API against a bare endpoint scoring the same model (issue 5's targets: a single
 * record with p99 under 5 ms at 1,000 requests/s, and at least 75% of the bare endpoint's
 * throughput). In one run, on one machine, each server in a child process of its own:
 *
 *   bare      express 5 + onnxruntime-node, POST /score: the records of the same JSON body read by
 *             createRawFieldFeedBuilder from the version's fitted spec, the version's model.onnx
 *             run, the probabilities returned; no auth, validation, logging or reasons
 *   real API  createApp as `scorebridge serve` assembles it (assembleApi), POST /v1/score
 *             `{ model: 'Lead conversion', records }` with a service API key, the default reasons,
 *             logging at info to a file, the prediction log written to PostgreSQL
 *
 * Single records: the most requests/s (autocannon, 10 connections) and latency at an evenly paced
 * 1,000 requests/s (load.ts's open loop, sub-millisecond latencies), in rounds that take turns
 * between the servers, each case reported by its median round. 10,000-record requests: rows/s of
 * requests sent one after another. The model: trained on 5,000 generated leads, registered and
 * made champion, as `scorebridge train` and a promotion do.
 *
 * Each server also reports, from inside its process, its event-loop delay and garbage-collection
 * pauses over every measured run; the notes give them for the evenly paced runs, where they tell
 * the server's own stalls from the machine's (decision 0023).
 *
 * BENCH_DURATION_SECONDS (default 10) sets each measured run, BENCH_PACED_ROUNDS (default 3) the
 * rounds of the evenly paced cases. BENCH_AB_ENV (`NAME=value,...`), when set, adds an A/B: a
 * second real API with those variables added to its environment, prepared as the first, the two
 * taking turns at the even pace for as many rounds (for a setting's share of the latency tail,
 * measured through the same moods of the machine). BENCH_AB_NODE_OPTIONS (space-separated) adds
 * options to the second API's node command line instead of, or as well as, its environment (V8's
 * heap flags are taken there only). BENCH_AB_ONLY=1 runs the A/B alone, without the other cases,
 * and reports every round of it: a quick way to weigh one change. BENCH_CPU_PROFILE_DIR, when set,
 * runs both server processes with --cpu-prof and leaves their profiles there (named by pid).
 * BENCH_HEAP_PROFILE_DIR, when set, leaves there a sampling heap profile of each server's every
 * measured run, of the objects that outlived a young-generation collection (scoring-api.server.ts).
 */

export const name = 'scoring-api';

const SERVER_SCRIPT = fileURLToPath(new URL('./scoring-api.server.ts', import.meta.url));
const MODEL_NAME = 'Lead conversion';
const TRAINING_ROWS = 5000;
const BATCH_RECORDS = 10_000;
const FIXED_RATE = 1000;
const CONNECTIONS = 10;
/** Seconds of discarded load on each fresh server process before its first measured case (V8 tiering up). */
const PROCESS_WARMUP_SECONDS = 10;
const TARGET_P99_MS = 5;
const TARGET_SHARE_OF_BARE = 0.75;
const DEFAULT_REASONS = 3;
/** Rounds of the evenly paced cases (BENCH_PACED_ROUNDS). */
const DEFAULT_PACED_ROUNDS = 3;

interface PreparedModel {
  key: string;
  kind: string;
  version: number;
  versionId: string;
  holdoutAuc: number | undefined;
  trainingSeconds: number;
  onnxFile: string;
  featureSpecFile: string;
  onnxBytes: number;
}

/** A service user with an API key: how a system calling the scoring API authenticates. */
async function issueServiceKey(db: Db, workspaceId: string): Promise<string> {
  return db.transaction(async (tx) => {
    const actor: Actor = { workspaceId, userId: null, apiKeyId: null, label: 'benchmark', requestId: null };
    const user = await insertUser(tx, { workspaceId, kind: 'service', email: 'scoring@bench.example.com', displayName: 'Scoring benchmark', role: 'service' });
    return (await issueApiKey(tx, actor, { userId: user.id, role: 'service' }, { name: 'scoring benchmark' })).secret;
  });
}

/**
 * A workspace, a service key, and MODEL_NAME trained on generated leads, registered and made
 * champion; its model.onnx and fitted feature spec written to `dir` for the bare server.
 */
async function prepareModel(databaseUrl: string, dir: string, progress: (message: string) => void): Promise<PreparedModel> {
  const database = createDatabase({ url: databaseUrl, poolMax: 2 });
  const { db } = database;
  try {
    const { workspaceId } = await createWorkspaceWithAdmin(db, 'benchmark', { name: 'Benchmark', slug: 'bench', adminEmail: 'bench@example.com', adminName: 'Bench' });
    const key = await issueServiceKey(db, workspaceId);
    progress(`importing ${TRAINING_ROWS} generated leads`);
    const { dataset } = await importTable(db, {
      workspaceId,
      name: 'leads',
      source: 'generated',
      origin: {},
      createdByUserId: null,
      table: syntheticTableStream({ object: 'Lead', rows: TRAINING_ROWS, seed: 1 }),
    });
    progress('training and registering the model');
    const actor: Actor = { workspaceId, userId: null, apiKeyId: null, label: 'benchmark', requestId: null };
    const leakage = [...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted'), TRUE_PROBABILITY_FIELD];
    const created = await createTrainingRun(db, actor, { datasetId: dataset.id, experiment: MODEL_NAME, target: 'IsConverted', exclude: leakage, register: MODEL_NAME, seed: 0 });
    const started = performance.now();
    const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr });
    await runTraining({ db, logger, codeVersion: null }, { workspaceId, trainingRunId: created.id }, new AbortController().signal);
    const trainingSeconds = (performance.now() - started) / 1000;
    const run = toTrainingRun((await findTrainingRunView(db, workspaceId, created.id))!);
    if (run.status !== 'succeeded' || !run.modelVersion || !run.chosen) throw new Error(`Training ended ${run.status}: ${run.error?.message ?? 'no model version'}`);
    const model = (await findRegisteredModel(db, workspaceId, MODEL_NAME))!;
    await db.transaction((tx) => moveAlias(tx, { workspaceId, modelId: model.id, alias: 'champion', versionId: run.modelVersion!.id, userId: null }));

    const artifactFile = async (artifact: string) => {
      const stored = await readVersionArtifact(db, run.modelVersion!.id, artifact);
      if (!stored) throw new Error(`Version ${run.modelVersion!.id} has no ${artifact}`);
      const file = path.join(dir, artifact);
      writeFileSync(file, stored.data);
      return { file, bytes: stored.data.byteLength };
    };
    const onnx = await artifactFile(VERSION_ARTIFACTS.onnx);
    const featureSpec = await artifactFile(VERSION_ARTIFACTS.featureSpec);
    return {
      key,
      kind: run.chosen,
      version: run.modelVersion.version,
      versionId: run.modelVersion.id,
      holdoutAuc: run.metrics?.[run.chosen]?.rocAuc,
      trainingSeconds,
      onnxFile: onnx.file,
      featureSpecFile: featureSpec.file,
      onnxBytes: onnx.bytes,
    };
  } finally {
    await database.close();
  }
}

interface ScoringServer {
  label: string;
  url: string;
  headers: Record<string, string>;
  /** The request body for these records, as this server takes it. */
  body(records: readonly Record<string, unknown>[], reasons?: number): string;
  /** The probabilities of an answer, in record order. */
  probabilities(answer: unknown): (number | null)[];
  child: ChildHandle;
  pid: number;
}

async function startChild(env: Record<string, string>, start: Record<string, unknown>, profileDir: string | undefined, nodeOptions: readonly string[] = []): Promise<{ child: ChildHandle; port: number; pid: number }> {
  const profiling: Record<string, string> = profileDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profileDir}`.trim() } : {};
  const child = forkChild(SERVER_SCRIPT, { ...env, ...profiling }, nodeOptions);
  try {
    const { port, pid } = await child.request<{ port: number; pid: number }>('start', start, 120_000);
    return { child, port, pid };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function startBare(model: PreparedModel, profileDir: string | undefined): Promise<ScoringServer> {
  const { child, port, pid } = await startChild({ NODE_ENV: 'production' }, { mode: 'bare', onnxFile: model.onnxFile, featureSpecFile: model.featureSpecFile }, profileDir);
  return {
    label: 'bare express + onnxruntime',
    url: `http://127.0.0.1:${port}/score`,
    headers: { 'content-type': 'application/json' },
    body: (records) => JSON.stringify({ model: MODEL_NAME, records }),
    probabilities: (answer) => (answer as { probabilities: number[] }).probabilities,
    child,
    pid,
  };
}

async function startApi(
  model: PreparedModel,
  databaseUrl: string,
  logFile: string,
  profileDir: string | undefined,
  variant: AbVariant = { environment: {}, nodeOptions: [] },
  label = 'real API',
): Promise<ScoringServer> {
  // Started as `scorebridge serve` is (decision 0032).
  const { child, port, pid } = await startChild({ ...realApiEnvironment(databaseUrl, logFile), ...variant.environment }, { mode: 'api' }, profileDir, [...SERVING_NODE_OPTIONS, ...variant.nodeOptions]);
  return {
    label,
    url: `http://127.0.0.1:${port}/v1/score`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${model.key}` },
    body: (records, reasons = DEFAULT_REASONS) => JSON.stringify({ model: MODEL_NAME, records, ...(reasons === DEFAULT_REASONS ? {} : { reasons }) }),
    probabilities: (answer) => (answer as { results: { probability: number | null }[] }).results.map((result) => result.probability),
    child,
    pid,
  };
}

/** One request, checked: a misconfigured case fails loudly instead of measuring errors. */
async function scoreOnce(server: ScoringServer, body: string, expectedRecords: number): Promise<(number | null)[]> {
  const response = await fetch(server.url, { method: 'POST', headers: server.headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.label} answered ${response.status} before the measurement: ${text.slice(0, 300)}`);
  const probabilities = server.probabilities(JSON.parse(text));
  if (probabilities.length !== expectedRecords || probabilities.some((probability) => probability === null)) {
    throw new Error(`${server.label} scored ${probabilities.filter((probability) => probability !== null).length} of ${expectedRecords} records`);
  }
  return probabilities;
}

/**
 * Requests sent one after another, a discarded one first, until `durationSeconds` have passed and
 * at least `minRequests` were answered. For requests that take seconds: autocannon stops at the end
 * of its duration and drops the request in flight, which would undercount.
 */
async function oneAfterAnother({ url, headers, body, durationSeconds, minRequests, around }: { url: string; headers: Record<string, string>; body: string; durationSeconds: number; minRequests: number; around: MeasurementHooks }): Promise<LoadOutcome> {
  const send = async () => {
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
    return response.status;
  };
  await send();
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  await around.before();
  const start = performance.now();
  while (latencies.length < minRequests || performance.now() - start < durationSeconds * 1000) {
    const sentAt = performance.now();
    const status = await send();
    latencies.push(performance.now() - sentAt);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  }
  const seconds = (performance.now() - start) / 1000;
  await around.after();
  const non2xx = Object.entries(statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith('2') ? 0 : count), 0);
  return { seconds, responses: latencies.length, requestsPerSecond: latencies.length / seconds, latencyMs: percentiles(Float64Array.from(latencies)), errors: 0, non2xx, statusCodes, warmupResponses: 1 };
}

/** Hooks that watch a server's event-loop delay and garbage collection around a measured run. */
function stallWatch(child: ChildHandle): MeasurementHooks & { report(): StallReport | undefined } {
  let report: StallReport | undefined;
  return {
    async before() {
      await child.request('watchStalls');
    },
    async after() {
      report = await child.request<StallReport>('stalls');
    },
    report: () => report,
  };
}

/** Lines in the log file so far (it only grows during the run). */
function logLines(file: string): number {
  let lines = 0;
  for (const byte of readFileSync(file)) if (byte === 0x0a) lines += 1;
  return lines;
}

interface CaseRow {
  id: 'bareMax' | 'apiMax' | 'apiMaxNoReasons' | 'bareRate' | 'apiRate' | 'apiRateNoReasons' | 'bareBatch' | 'apiBatch' | 'apiBatchNoReasons' | 'abBaseline' | 'abVariant';
  label: string;
  load: string;
  records: number;
  outcome: LoadOutcome;
  /** The open loop's own figures, for the evenly paced cases. */
  paced?: OpenLoopOutcome;
  serverCpuMicros: number;
  stalls: StallReport | undefined;
  /** An evenly paced case runs in several rounds: the row is the one with the median p99, and these are all of them, in the order run. */
  rounds?: CaseRow[];
}

type PacedCaseId = 'apiRate' | 'apiRateNoReasons' | 'bareRate';

/** What the second real API of an A/B gets on top of the first's environment and node options. */
interface AbVariant {
  environment: Record<string, string>;
  nodeOptions: string[];
}

/** The A/B's variant from BENCH_AB_ENV and BENCH_AB_NODE_OPTIONS, or undefined when neither is set. */
function abVariantFromEnv(env: NodeJS.ProcessEnv): AbVariant | undefined {
  const environment = abEnvironment(env.BENCH_AB_ENV);
  const nodeOptions = (env.BENCH_AB_NODE_OPTIONS ?? '').split(/\s+/).filter((option) => option !== '');
  const badOption = nodeOptions.find((option) => !option.startsWith('--'));
  if (badOption) throw new Error(`BENCH_AB_NODE_OPTIONS: "${badOption}" is not a node option (each starts with --, separated by spaces)`);
  if (!environment && nodeOptions.length === 0) return undefined;
  return { environment: environment ?? {}, nodeOptions };
}

/**
 * BENCH_AB_ENV, `NAME=value[,NAME=value...]`: the environment a second real API gets on top of the
 * first's, for an A/B of the evenly paced case within one run.
 */
function abEnvironment(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const entries = text.split(',').map((pair) => {
    const match = /^\s*([A-Z][A-Z0-9_]*)=(.*?)\s*$/.exec(pair);
    if (!match) throw new Error(`BENCH_AB_ENV: "${pair}" is not NAME=value (names in capitals, pairs separated by commas)`);
    return [match[1]!, match[2]!] as const;
  });
  return Object.fromEntries(entries);
}

/** The round with the median p99 (the upper one of an even count), carrying all the rounds. */
function medianRound(runs: readonly CaseRow[]): CaseRow {
  return { ...roundWithMedianP99(runs), rounds: [...runs] };
}

export async function run({ databaseUrl, progress }: BenchContext): Promise<BenchResult> {
  const durationSeconds = positiveNumberFromEnv('BENCH_DURATION_SECONDS', 10);
  const pacedRounds = Math.round(positiveNumberFromEnv('BENCH_PACED_ROUNDS', DEFAULT_PACED_ROUNDS));
  const abVariant = abVariantFromEnv(process.env);
  const abOnly = process.env.BENCH_AB_ONLY === '1';
  if (abOnly && !abVariant) throw new Error('BENCH_AB_ONLY=1 runs the A/B alone: set BENCH_AB_ENV or BENCH_AB_NODE_OPTIONS to say what B changes');
  const warmupSeconds = Math.min(2, durationSeconds);
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const loadBefore = os.loadavg();

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-bench-scoring-'));
  const logFile = path.join(workDir, 'api.log');
  writeFileSync(logFile, '');
  const rows: CaseRow[] = [];
  let probabilities: { bare: number; api: number } | undefined;
  let apiLogLinesPerRequest: number | undefined;
  let batchBodyBytes: number | undefined;
  let model: PreparedModel;
  try {
    model = await prepareModel(databaseUrl, workDir, progress);
    progress(`model: ${model.kind}, version ${model.version}, trained in ${model.trainingSeconds.toFixed(1)} s`);
    const [record] = leadRecords(1, SINGLE_RECORD_SEED);

    const measure = async (id: CaseRow['id'], server: ScoringServer, load: string, records: number, generate: (around: MeasurementHooks) => Promise<LoadOutcome>, round = ''): Promise<CaseRow> => {
      const label = `${server.label}, ${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'}${id.endsWith('NoReasons') ? ', reasons: 0' : ''}`;
      progress(`${label} (${load})${round}`);
      const cpu = childCpuMeter(server.child);
      const stalls = stallWatch(server.child);
      const outcome = await generate({
        async before() {
          await stalls.before();
          await cpu.before();
        },
        async after() {
          await cpu.after();
          await stalls.after();
        },
      });
      return { id, label, load, records, outcome, ...('sendLagMs' in outcome ? { paced: outcome as OpenLoopOutcome } : {}), serverCpuMicros: Math.round(cpu.micros() / outcome.responses), stalls: stalls.report() };
    };
    const saturating = (server: ScoringServer, body: string) => (around: MeasurementHooks) =>
      closedLoop({ url: server.url, method: 'POST', headers: server.headers, body, connections: CONNECTIONS, durationSeconds, warmupSeconds, around });
    const atFixedRate = (server: ScoringServer, body: string) => (around: MeasurementHooks) =>
      openLoop({ url: server.url, method: 'POST', headers: server.headers, body, rate: FIXED_RATE, durationSeconds, warmupSeconds, around });
    const batches = (server: ScoringServer, body: string) => (around: MeasurementHooks) => oneAfterAnother({ url: server.url, headers: server.headers, body, durationSeconds, minRequests: 3, around });
    const warmUp = async (server: ScoringServer, body: string) => {
      progress(`warming up the fresh ${server.label} process: ${PROCESS_WARMUP_SECONDS} s of single records`);
      await closedLoop({ url: server.url, method: 'POST', headers: server.headers, body, connections: CONNECTIONS, durationSeconds: PROCESS_WARMUP_SECONDS, warmupSeconds: 0 });
    };

    // Both servers run for the whole measurement (the idle one costs next to nothing), so that
    // their cases can sit side by side in time on this shared machine.
    const bare = await startBare(model, profileDir);
    try {
      const api = await startApi(model, databaseUrl, logFile, profileDir);
      if (profileDir) progress(`CPU profiles in ${profileDir}: bare server pid ${bare.pid}, real API pid ${api.pid}`);
      try {
        const single = { bare: bare.body([record!]), api: api.body([record!]), apiNoReasons: api.body([record!], 0) };
        const [bareProbability] = await scoreOnce(bare, single.bare, 1);
        const [apiProbability] = await scoreOnce(api, single.api, 1);
        probabilities = { bare: bareProbability!, api: apiProbability! };
        // The 10,000-record bodies (15 MiB of strings, and the records) are made when they are
        // needed and let go in between, so that the load generator's process is small during the
        // single-record cases: its own garbage collections would be timed as the server's latency.
        const batchBodies = () => {
          const batch = leadRecords(BATCH_RECORDS, 8);
          return { bare: bare.body(batch), api: api.body(batch), apiNoReasons: api.body(batch, 0) };
        };
        {
          const bodies = batchBodies();
          batchBodyBytes = Buffer.byteLength(bodies.api);
          await scoreOnce(bare, bodies.bare, BATCH_RECORDS);
          await scoreOnce(api, bodies.api, BATCH_RECORDS);
        }

        const paced = `${FIXED_RATE}/s, evenly paced`;
        if (abOnly) await warmUp(api, single.api);
        else {
          await warmUp(bare, single.bare);
          await warmUp(api, single.api);
          rows.push(await measure('bareMax', bare, `${CONNECTIONS} connections`, 1, saturating(bare, single.bare)));
          const linesBefore = logLines(logFile);
          const apiMax = await measure('apiMax', api, `${CONNECTIONS} connections`, 1, saturating(api, single.api));
          rows.push(apiMax);
          apiLogLinesPerRequest = (logLines(logFile) - linesBefore) / (apiMax.outcome.warmupResponses + apiMax.outcome.responses);
          rows.push(await measure('apiMaxNoReasons', api, `${CONNECTIONS} connections`, 1, saturating(api, single.apiNoReasons)));
          // One evenly paced run says little on a shared machine: the three cases take turns, round
          // after round, and each row is its median round.
          const pacedRuns: Record<PacedCaseId, CaseRow[]> = { apiRate: [], apiRateNoReasons: [], bareRate: [] };
          for (let round = 1; round <= pacedRounds; round++) {
            const ofRounds = `, round ${round} of ${pacedRounds}`;
            pacedRuns.apiRate.push(await measure('apiRate', api, paced, 1, atFixedRate(api, single.api), ofRounds));
            pacedRuns.apiRateNoReasons.push(await measure('apiRateNoReasons', api, paced, 1, atFixedRate(api, single.apiNoReasons), ofRounds));
            pacedRuns.bareRate.push(await measure('bareRate', bare, paced, 1, atFixedRate(bare, single.bare), ofRounds));
          }
          rows.push(medianRound(pacedRuns.apiRate), medianRound(pacedRuns.apiRateNoReasons), medianRound(pacedRuns.bareRate));
          {
            const bodies = batchBodies();
            rows.push(await measure('bareBatch', bare, 'one after another', BATCH_RECORDS, batches(bare, bodies.bare)));
            rows.push(await measure('apiBatch', api, 'one after another', BATCH_RECORDS, batches(api, bodies.api)));
            rows.push(await measure('apiBatchNoReasons', api, 'one after another', BATCH_RECORDS, batches(api, bodies.apiNoReasons)));
          }
        }
        if (abVariant) {
          // A second API with the variant's environment, brought to the same state as the first
          // (a 10,000-record request, then single records); the two then take turns.
          const variant = await startApi(model, databaseUrl, logFile, profileDir, abVariant, `real API with ${describeVariant(abVariant)} (A/B: B)`);
          try {
            await scoreOnce(variant, single.api, 1);
            await scoreOnce(variant, variant.body(leadRecords(BATCH_RECORDS, 8)), BATCH_RECORDS);
            await warmUp(variant, single.api);
            const baseline: ScoringServer = { ...api, label: 'real API (A/B: A)' };
            const abRuns: CaseRow[][] = [[], []];
            for (let round = 1; round <= pacedRounds; round++) {
              const ofRounds = `, A/B round ${round} of ${pacedRounds}`;
              abRuns[0]!.push(await measure('abBaseline', baseline, paced, 1, atFixedRate(api, single.api), ofRounds));
              abRuns[1]!.push(await measure('abVariant', variant, paced, 1, atFixedRate(variant, single.api), ofRounds));
            }
            rows.push(medianRound(abRuns[0]!), medianRound(abRuns[1]!));
          } finally {
            await variant.child.stop();
          }
        }
      } finally {
        await api.child.stop();
      }
    } finally {
      await bare.child.stop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg();
  if (abOnly) return abOnlyReport({ rows, durationSeconds, warmupSeconds, loadBefore, loadAfter, profileDir });
  return report({ rows, model, probabilities, apiLogLinesPerRequest, batchBodyBytes, durationSeconds, warmupSeconds, loadBefore, loadAfter, profileDir });
}

/** What a run measured and how, for its report. */
interface RunFacts {
  rows: CaseRow[];
  durationSeconds: number;
  warmupSeconds: number;
  loadBefore: number[];
  loadAfter: number[];
  profileDir: string | undefined;
}

/**
 * The report of BENCH_AB_ONLY=1: every round of the A/B, in the order run, with what held up each
 * server's event loop, and the median-round p99 of each side.
 */
function abOnlyReport({ rows, durationSeconds, warmupSeconds, loadBefore, loadAfter, profileDir }: RunFacts): BenchResult {
  const baseline = rows.find((row) => row.id === 'abBaseline')!;
  const variant = rows.find((row) => row.id === 'abVariant')!;
  const rounds = baseline.rounds!.flatMap((round, index) => [round, variant.rounds![index]!]);
  const table: Cell[][] = rounds.map((round, index) => [
    round.label,
    Math.floor(index / 2) + 1,
    Math.round(round.outcome.requestsPerSecond * 10) / 10,
    round.serverCpuMicros,
    round.outcome.latencyMs.p50,
    round.outcome.latencyMs.p95,
    round.outcome.latencyMs.p99,
    round.outcome.latencyMs.max,
    failedRequests(round.outcome),
    round.stalls ? `${round.stalls.gc.count}, ${fmt(round.stalls.gc.totalMs, 0)} ms` : '?',
    round.stalls ? `${round.stalls.longStalls.count}, ${fmt(round.stalls.longStalls.totalMs, 0)} ms` : '?',
    round.stalls ? fmt(Math.max(0, round.stalls.longStalls.totalMs - round.stalls.longStalls.onCpuMs), 0) : '?',
  ]);
  const notes = [
    `A/B alone (BENCH_AB_ONLY=1): "${variant.label}" is a second real API process; both got one ${BATCH_RECORDS.toLocaleString('en-US')}-record request and ${PROCESS_WARMUP_SECONDS} s of single records, then took turns at ${FIXED_RATE}/s, evenly paced (${warmupSeconds} s warm-up, ${durationSeconds} s measured), A first in each round. No other case ran.`,
    `Median-round p99: A ${fmt(baseline.outcome.latencyMs.p99)} ms, B ${fmt(variant.outcome.latencyMs.p99)} ms.`,
    `Garbage collections and long stalls (gaps of more than ${LONG_STALL_MS} ms in a 1 ms timer) are the server's own, over the measured run; "waiting for a core" is the stalls' time its main thread was not on a CPU.`,
    describeLoadAverage(loadBefore, loadAfter),
  ];
  if (profileDir) notes.push(`CPU profiles of the server processes (--cpu-prof) written to ${profileDir}, named by pid.`);
  const withFailures = rounds.filter((round) => failedRequests(round.outcome) > 0);
  if (withFailures.length > 0) notes.push(`WARNING: ${withFailures.length} round(s) had failed requests; their figures include them.`);
  return {
    title: 'Scoring API: A/B of the real API at an even pace',
    columns: ['server', 'round', 'requests/s', 'server CPU µs/request', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', 'garbage collections', 'long stalls', 'waiting for a core, ms'],
    rows: table,
    notes,
  };
}

function report({
  rows,
  model,
  probabilities,
  apiLogLinesPerRequest,
  batchBodyBytes,
  durationSeconds,
  warmupSeconds,
  loadBefore,
  loadAfter,
  profileDir,
}: RunFacts & {
  model: PreparedModel;
  probabilities: { bare: number; api: number } | undefined;
  apiLogLinesPerRequest: number | undefined;
  batchBodyBytes: number | undefined;
}): BenchResult {
  const byId = (id: CaseRow['id']) => rows.find((row) => row.id === id)!;
  const bareMax = byId('bareMax');
  const apiMax = byId('apiMax');
  const apiRate = byId('apiRate');
  const bareRate = byId('bareRate');
  /** Every measured run: a paced case's other rounds too, so that none of their failures goes unseen. */
  const runs = rows.flatMap((row) => row.rounds ?? [row]);
  const share = apiMax.outcome.requestsPerSecond / bareMax.outcome.requestsPerSecond;
  const rateReached = (apiRate.rounds ?? [apiRate]).every((round) => round.outcome.requestsPerSecond >= FIXED_RATE * 0.95);
  const apiRateFailed = (apiRate.rounds ?? [apiRate]).reduce((sum, round) => sum + failedRequests(round.outcome), 0);

  const verdicts: Partial<Record<CaseRow['id'], { target: string; result: string }>> = {
    apiMax: {
      target: `≥ ${TARGET_SHARE_OF_BARE * 100}% of bare requests/s`,
      result: `${share >= TARGET_SHARE_OF_BARE && failedRequests(apiMax.outcome) === 0 ? 'PASS' : 'FAIL'} (${fmt(share * 100, 1)}%)`,
    },
    apiRate: {
      target: `p99 < ${TARGET_P99_MS} ms at ${FIXED_RATE.toLocaleString('en-US')}/s`,
      result: `${apiRate.outcome.latencyMs.p99 < TARGET_P99_MS && rateReached && apiRateFailed === 0 ? 'PASS' : 'FAIL'} (median p99 ${fmt(apiRate.outcome.latencyMs.p99)} ms${rateReached ? '' : ', 1,000/s not reached'})`,
    },
  };
  const table: Cell[][] = rows.map(({ id, label, load, records, outcome, serverCpuMicros, rounds }) => [
    label,
    load,
    Math.round(outcome.requestsPerSecond * 10) / 10,
    Math.round(outcome.requestsPerSecond * records),
    serverCpuMicros,
    outcome.latencyMs.p50,
    outcome.latencyMs.p95,
    outcome.latencyMs.p99,
    outcome.latencyMs.max,
    (rounds ?? [{ outcome }]).reduce((sum, round) => sum + failedRequests(round.outcome), 0),
    load === bareMax.load && records === 1 ? `${fmt((outcome.requestsPerSecond / bareMax.outcome.requestsPerSecond) * 100, 1)}%` : '-',
    verdicts[id]?.target ?? '-',
    verdicts[id]?.result ?? '-',
  ]);

  const cpuShare = (id: CaseRow['id']) => byId(id).serverCpuMicros;
  const notes: string[] = [
    `Model: "${MODEL_NAME}" version ${model.version} (${model.kind}, holdout AUC ${fmt(model.holdoutAuc, 4)}), trained on ${TRAINING_ROWS.toLocaleString('en-US')} generated leads in ${fmt(model.trainingSeconds, 1)} s, registered and made champion with moveAlias; model.onnx ${(model.onnxBytes / 1024).toFixed(0)} KiB. Both servers score the same record on every single-record request (generated, not a training row); the API gave it probability ${fmt(probabilities?.api, 6)}, the bare endpoint ${fmt(probabilities?.bare, 6)}.`,
    `Real API: assembleApi over the benchmark's database and a real pg-boss, a service user's API key, POST /v1/score with the default ${DEFAULT_REASONS} reasons (TreeSHAP or linear contributions, in words), the version's model and calibrator run by onnxruntime-node on the TypeScript transform's feature matrix (decision 0026), RATE_LIMIT_MAX=1000000000 (counted, never reached), DATABASE_POOL_MAX=10, young-generation collections without V8's allocation-site pretenuring and on the main thread alone, and node started with ${SERVING_NODE_OPTIONS.join(' ')}, as \`scorebridge serve\` runs them (decisions 0025, 0029, 0032), the prediction log written from its own thread (decision 0031), LOG_LEVEL=info as JSON to a file (${fmt(apiLogLinesPerRequest)} log lines per request), every scored record appended to the prediction log and written to PostgreSQL in batches. PostgreSQL runs on the same two cores; its CPU is not in the server CPU column.`,
    `Bare: express 5 with express.json and one POST route: createRawFieldFeedBuilder(fitted spec).fromRecords(records), a run of the model.onnx session (opened with serving's SESSION_OPTIONS), { probabilities }. No auth, validation, logging, micro-batching, reasons or prediction log. It listens with express's own app.listen; the real API listens as \`scorebridge serve\` does, on createHttpServer, whose requests are made with express's prototypes (decision 0023).`,
    `Single records, ${CONNECTIONS} connections: autocannon closed loop over loopback, ${warmupSeconds} s warm-up (discarded) then ${durationSeconds} s measured (BENCH_DURATION_SECONDS); each fresh server process first got ${PROCESS_WARMUP_SECONDS} s of the same load, discarded. The load generator shares the cores with the servers, so a saturating case measures the pair.`,
    `Single records, ${FIXED_RATE}/s: one request every ${fmt(1000 / FIXED_RATE)} ms whatever the answers (load.ts open loop: up to 64 keep-alive connections, each request one prepared write, each answer read by its status and Content-Length, lighter than Node's HTTP client on the shared cores), ${warmupSeconds} s warm-up then ${durationSeconds} s measured, in ${rows.find((row) => row.rounds)?.rounds?.length ?? 1} rounds (BENCH_PACED_ROUNDS): each round runs the real API with and without reasons, then the bare endpoint, so that the three meet the same moods of the shared machine; each row shows its case's round with the median p99, and the target reads that median. Latency from the request being issued to the last byte of the answer, at sub-millisecond precision (autocannon's own percentiles are whole milliseconds). The p99 of every round, in the order run: ${rows
      .filter((row) => row.rounds)
      .map(({ label, rounds }) => `${label}: ${rounds!.map((round) => fmt(round.outcome.latencyMs.p99)).join(', ')} ms`)
      .join('; ')}. The generator's own lag behind its schedule in the median round (not counted in latency): ${rows
      .filter((row) => row.paced)
      .map(({ label, paced }) => `${label}: p50 ${fmt(paced!.sendLagMs.p50)} ms, p99 ${fmt(paced!.sendLagMs.p99)} ms, at most ${paced!.maxInFlight} requests in flight, ${paced!.generatorCpuMicros} µs of CPU a request, ${describeLongStalls(paced!.generatorStalls)}`)
      .join('; ')}.`,
    `${BATCH_RECORDS.toLocaleString('en-US')}-record requests: sent one after another for at least ${durationSeconds} s and 3 requests, after one discarded (autocannon would drop the request in flight at the end of its duration); records/s = requests/s × ${BATCH_RECORDS.toLocaleString('en-US')}. Request body ${fmt(batchBodyBytes === undefined ? undefined : batchBodyBytes / 1024 ** 2, 1)} MiB.`,
    `Server CPU: user + system time of the server process (all its threads) over the measured run, per request: 1,000,000 / µs per request is what one core could serve. Single record, saturating: bare ${cpuShare('bareMax')} µs, real API ${cpuShare('apiMax')} µs with ${DEFAULT_REASONS} reasons and ${cpuShare('apiMaxNoReasons')} µs without.`,
    `What held up each server's event loop during the median evenly paced rounds (its own monitorEventLoopDelay and garbage-collection entries, so the load generator's stalls are not in them; a stall is a gap of more than ${LONG_STALL_MS} ms between ticks of a 1 ms timer, split by the main thread's own CPU time into work and waiting for a core held by other threads and processes): ${rows
      .filter((row) => row.paced && row.stalls)
      .map(({ label, stalls }) => `${label}: event-loop delay p99 ${fmt(stalls!.loopDelayMs.p99)} ms, max ${fmt(stalls!.loopDelayMs.max)} ms; ${stalls!.gc.count} garbage collections, ${fmt(stalls!.gc.totalMs, 0)} ms in all, the longest ${fmt(stalls!.gc.maxMs)} ms; ${describeLongStalls(stalls!.longStalls)}`)
      .join('; ')}.`,
    `Reference for the latency target: the bare endpoint at the same evenly paced ${FIXED_RATE}/s had p99 ${fmt(bareRate.outcome.latencyMs.p99)} ms (p50 ${fmt(bareRate.outcome.latencyMs.p50)} ms)${bareRate.outcome.latencyMs.p99 >= TARGET_P99_MS ? `: it misses ${TARGET_P99_MS} ms too, so during this run the machine, not only the API, set the tail` : ''}.`,
    `${describeLoadAverage(loadBefore, loadAfter)} On ${os.cpus().length} cores shared with other work: compare rows within one run.`,
  ];
  const abVariantRow = rows.find((row) => row.id === 'abVariant');
  const abBaselineRow = rows.find((row) => row.id === 'abBaseline');
  if (abVariantRow && abBaselineRow) {
    notes.push(
      `A/B (BENCH_AB_ENV, BENCH_AB_NODE_OPTIONS): "${abVariantRow.label}" is a second real API process with that environment or those node options added to the first's, brought to the same state (one ${BATCH_RECORDS.toLocaleString('en-US')}-record request, ${PROCESS_WARMUP_SECONDS} s of single records); after the other cases the two took turns at ${FIXED_RATE}/s for ${abVariantRow.rounds?.length ?? 1} rounds, A first. Median-round p99: A ${fmt(abBaselineRow.outcome.latencyMs.p99)} ms, B ${fmt(abVariantRow.outcome.latencyMs.p99)} ms.`,
    );
  }
  if (profileDir) notes.push(`CPU profiles of both server processes (--cpu-prof) written to ${profileDir}, named by pid.`);
  if (!rateReached) {
    notes.push(`NOT REACHED: in at least one round the real API answered less than 95% of the ${FIXED_RATE}/s sent (${(apiRate.rounds ?? [apiRate]).map((round) => Math.round(round.outcome.requestsPerSecond)).join(', ')}/s): requests queued and its latency measures that queue.`);
  }
  const withFailures = runs.filter((row) => failedRequests(row.outcome) > 0);
  for (const row of withFailures) {
    const statuses = Object.entries(row.outcome.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}x ${code}`)
      .join(', ');
    const kinds = row.paced
      ? Object.entries(row.paced.errorKinds)
          .map(([kind, count]) => `${count}x ${kind}`)
          .join(', ')
      : '';
    notes.push(`WARNING: ${row.label} (${row.load}) had ${row.outcome.non2xx} non-2xx answers${statuses ? ` (${statuses})` : ''} and ${row.outcome.errors} errors${kinds ? ` (${kinds})` : ''}; its figures include them.`);
  }
  if (withFailures.length === 0) notes.push('Every answer in every case was 2xx, with no connection errors or timeouts.');

  return {
    title: 'Scoring API: POST /v1/score against a bare express + onnxruntime-node endpoint',
    columns: ['case', 'load', 'requests/s', 'records/s', 'server CPU µs/request', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', '% of bare', 'target', 'result'],
    rows: table,
    notes,
  };
}

function describeVariant({ environment, nodeOptions }: AbVariant): string {
  return [...Object.entries(environment).map(([name, value]) => `${name}=${value}`), ...nodeOptions].join(', ');
}

import { pathToFileURL } from 'node:url';
import { servingRoutes } from '@scorebridge/shared';
import { createDatabase } from '../src/db/client.ts';
import { generateRecordBatches } from '../src/synthetic/index.ts';
import { pointAlias, trainLeadVersion } from '../src/serving/test-support/lead-models.ts';
import { seedWorkspace } from '../test/support/fixtures.ts';
import { startTestApi } from '../test/support/test-api.ts';
import { startTestWorker } from '../test/support/test-worker.ts';
import type { BenchContext, BenchResult, Cell } from './benchmark.ts';

/**
 * 10,000 =SCOREBRIDGE.SCORE(...) cells recalculated at once: the add-in's own library (argument
 * handling, the batcher, its API client with response validation, the input-field check) against
 * the real backend on loopback with a trained lead model. Target: the whole recalculation under 2 s.
 * Excel is stood in for by calling the function once per cell in one burst, as its runtime does.
 */

export const name = 'addin-score-cells';

const CELLS = 10_000;
const TARGET_MS = 2000;
const MODEL = 'Lead conversion';

type ScoreFunction = (record: unknown[][], headers: unknown[][], model: string, invocation: object) => Promise<unknown[][]>;

interface AddinLibrary {
  createFunctions(options: { baseUrl: string; credential: string; fetch: typeof fetch }): { score: ScoreFunction };
}

/**
 * The add-in is another workspace with its own TypeScript project; its modules are loaded by URL,
 * as the benchmark runner loads benchmarks, so the backend project does not compile them.
 */
async function loadAddin(): Promise<AddinLibrary> {
  const load = (file: string) => import(pathToFileURL(new URL(`../../addin/${file}`, import.meta.url).pathname).href);
  await load('test/functions/support/custom-functions-runtime.ts');
  const [{ createApiClient }, { createScoreBatcher }, { createPinnedScoreCache }, { createInputFieldsLookup }, { createTableHeaderSource }, { createScorebridgeFunctions }] = await Promise.all([
    load('src/api/index.ts'),
    load('src/functions/score-batcher.ts'),
    load('src/functions/pinned-score-cache.ts'),
    load('src/functions/input-fields.ts'),
    load('src/functions/table-headers.ts'),
    load('src/functions/scorebridge-functions.ts'),
  ]);
  return {
    createFunctions({ baseUrl, credential, fetch }) {
      const client = createApiClient({ baseUrl, credential: () => credential, fetch });
      const batcher = createScoreBatcher({
        send: (body: object, signal: AbortSignal) => client.call(servingRoutes.score, { body: { ...body, source: 'excel' }, signal }),
        cache: createPinnedScoreCache(),
      });
      return createScorebridgeFunctions({ client, batcher, inputFields: createInputFieldsLookup(client), tableHeaders: createTableHeaderSource({ run: () => Promise.reject(new Error('no workbook')) }) });
    },
  };
}

export async function run({ databaseUrl, progress }: BenchContext): Promise<BenchResult> {
  const connection = createDatabase({ url: databaseUrl, poolMax: 10 });
  // The benchmark closes the API itself (below), before the runner drops its database.
  const database = { url: databaseUrl, db: connection.db, sql: connection.sql, closeBeforeDrop: () => {} };
  const api = await startTestApi(database, { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000' });
  try {
    await startTestWorker(api, database);
    const workspace = await seedWorkspace(database.db, 'addin-bench');
    progress('training a lead model through the API');
    const version = await trainLeadVersion(api, database, workspace, MODEL, 1);
    await pointAlias(database, workspace.id, version, 'champion');
    const fields = ((await (await api.request(`/v1/models/${encodeURIComponent(MODEL)}/versions`, { key: workspace.users.analyst.key })).json()) as { items: { inputFields: string[] }[] }).items[0]!.inputFields;
    const rows = ([...generateRecordBatches({ object: 'Lead', rows: CELLS, seed: 77 })].flat() as Record<string, unknown>[]).map((record) => fields.map((field) => record[field] ?? ''));

    const addin = await loadAddin();
    const requests: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const functions = addin.createFunctions({ baseUrl: api.baseUrl, credential: workspace.users.analyst.key, fetch: countingFetch });

    const recalculate = async (label: string, model: string): Promise<Cell[]> => {
      requests.length = 0;
      progress(`${label}: ${CELLS.toLocaleString('en-US')} cells`);
      const started = performance.now();
      const cells = await Promise.all(rows.map((row) => functions.score([row], [fields], model, {})));
      const milliseconds = performance.now() - started;
      const numbers = cells.filter((cell) => typeof cell[0]![0] === 'number').length;
      if (numbers !== CELLS) throw new Error(`${label}: ${CELLS - numbers} cells did not get a probability`);
      const scoreRequests = requests.filter((request) => request === 'POST /v1/score').length;
      return [label, CELLS, Math.round(milliseconds), scoreRequests, requests.length, milliseconds < TARGET_MS ? 'met' : 'MISSED'];
    };

    const rowsOut = [
      await recalculate('first recalculation (server loads the model, add-in looks up its input fields)', MODEL),
      await recalculate('recalculation by name (champion): scored again', MODEL),
      await recalculate('pinned version (name@1), first', `${MODEL}@1`),
      await recalculate('pinned version (name@1), again: from the pinned cache', `${MODEL}@1`),
    ];
    return {
      title: `${CELLS.toLocaleString('en-US')} SCOREBRIDGE.SCORE cells in one recalculation`,
      columns: ['case', 'cells', 'wall ms', 'POST /v1/score', 'HTTP requests', `under ${TARGET_MS / 1000} s`],
      rows: rowsOut,
      notes: [
        `The add-in's library, batcher and API client in this process; the real API (createApp) on loopback in the same process, with a gradient-boosted lead model trained on 2,000 generated leads; ${fields.length} fields per cell.`,
        'Wall time runs from the first cell called to the last cell answered; it includes argument handling, JSON both ways, response validation with the shared zod contracts, scoring and the prediction log.',
      ],
    };
  } finally {
    await api.close();
    await connection.close();
  }
}

import { startSalesforceStandIn, type RequestLogEntry, type SalesforceRecordValues, type SalesforceStandIn } from '../src/crm/salesforce-stand-in/index.ts';
import { DEFAULT_AS_OF, describeSyntheticObject, generateRecordBatches, resolveSyntheticOptions, toSalesforceJson, type SyntheticDataOptions } from '../src/synthetic/index.ts';
import { serveParent } from './child-process.ts';
import { cpuSeconds } from './memory-sampler.ts';

/**
 * The Salesforce side of crm-sync.bench.ts: the stand-in, serving generated leads, in a process of
 * its own, as a real org would be on another machine. Its JSON and CSV encoding then runs on its
 * own event loop, and its CPU time and memory are reported apart from the sync's.
 *
 *   start     { records, seed, clientId, refreshToken } → StandInStarted
 *   update    { every, changes } → { updated }: changes every `every`-th live lead (stamping SystemModstamp)
 *   requests  → the request log since the last call (and clears it)
 *   cpu       → CPU seconds of this process so far
 */

export interface StandInStarted {
  loginUrl: string;
  records: number;
  fields: number;
  loadSeconds: number;
  rssBytes: number;
}

let standIn: SalesforceStandIn | undefined;

function running(): SalesforceStandIn {
  if (!standIn) throw new Error('The stand-in has not been started');
  return standIn;
}

async function start(message: Record<string, unknown>): Promise<StandInStarted> {
  const records = Number(message.records);
  const seed = Number(message.seed);
  const options: SyntheticDataOptions & { object: 'Lead' } = {
    object: 'Lead',
    rows: records,
    seed,
    // Records are dated before "as of"; it must not be in the future, or a sync (which reads up to now) would miss some.
    asOf: new Date(Math.min(Date.parse(DEFAULT_AS_OF), Date.now() - 86_400_000)),
    // An org holds each Id once: the duplicate-row flaws of file exports are off, every cell flaw stays on.
    quirks: { exactDuplicates: 0, duplicateIds: 0 },
  };
  const { quirks } = resolveSyntheticOptions(options);
  const fields = describeSyntheticObject('Lead', quirks).fields;
  function* leads(): Generator<SalesforceRecordValues> {
    for (const batch of generateRecordBatches(options)) for (const record of batch) yield toSalesforceJson(record) as SalesforceRecordValues;
  }
  const started = performance.now();
  standIn = await startSalesforceStandIn({
    clientId: String(message.clientId),
    refreshTokens: [String(message.refreshToken)],
    // Bulk jobs are complete at the first status check: the benchmark measures Scorebridge, not a simulated job queue.
    bulk: { checksBeforeComplete: 0 },
    objects: { Lead: { fields, records: leads() } },
  });
  return { loginUrl: standIn.loginUrl, records: standIn.store.count('Lead'), fields: fields.length, loadSeconds: (performance.now() - started) / 1000, rssBytes: process.memoryUsage().rss };
}

async function update(message: Record<string, unknown>): Promise<{ updated: number }> {
  const store = running().store;
  const every = Number(message.every);
  const changes = message.changes as SalesforceRecordValues;
  // Ids first: an update moves the record to the end of the SystemModstamp order being iterated.
  const ids: string[] = [];
  let position = 0;
  for (const record of store.records('Lead')) {
    if (position % every === 0) ids.push(String(record.Id));
    position += 1;
  }
  for (const id of ids) store.update('Lead', id, changes);
  return { updated: ids.length };
}

async function requests(): Promise<RequestLogEntry[]> {
  const log = running().requestLog;
  const entries = [...log.entries()];
  log.clear();
  return entries;
}

serveParent(
  {
    start,
    update,
    requests,
    cpu: async () => cpuSeconds(),
    rss: async () => process.memoryUsage().rss,
  },
  async () => {
    await standIn?.close();
  },
);

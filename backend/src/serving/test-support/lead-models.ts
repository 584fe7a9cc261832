import assert from 'node:assert/strict';
import { trainingRunSchema, type TrainingRun } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { expectJson } from '../../../test/support/http-assertions.ts';
import { importSyntheticDataset, LEAD_LEAKAGE_COLUMNS } from '../../../test/support/synthetic-datasets.ts';
import { startTestApi, type TestApi } from '../../../test/support/test-api.ts';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { startTestWorker } from '../../../test/support/test-worker.ts';
import { moveAlias } from '../../registry/model-aliases.repo.ts';
import { findRegisteredModel } from '../../registry/registered-models.repo.ts';
import { generateRecordBatches, toSalesforceJson } from '../../synthetic/index.ts';

export interface TrainedLeadVersion {
  modelId: string;
  versionId: string;
  version: number;
}

/**
 * Trains a lead-conversion model on generated leads through the API (a worker must consume jobs:
 * startTestWorker) and registers it as the next version of `modelName`. About a second.
 */
export async function trainLeadVersion(api: TestApi, database: TestDatabase, workspace: SeededWorkspace, modelName: string, seed: number): Promise<TrainedLeadVersion> {
  const dataset = await importSyntheticDataset(database.db, workspace.id, { rows: 2000, seed, name: `leads-${seed}.csv`, source: 'file' });
  const body = { datasetId: dataset.id, experiment: modelName, target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS], register: modelName, seed };
  const queued = trainingRunSchema.parse(await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: body }), 202));
  let run: TrainingRun;
  for (let tries = 0; ; tries++) {
    run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
    if (run.status !== 'queued' && run.status !== 'running') break;
    assert.ok(tries < 1200, 'training did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(run.status, 'succeeded', run.error?.message);
  const model = (await findRegisteredModel(database.db, workspace.id, modelName))!;
  return { modelId: model.id, versionId: run.modelVersion!.id, version: run.modelVersion!.version };
}

/** Points an alias at a version the way promotions do: moveAlias in a transaction, announced on commit. */
export async function pointAlias(database: TestDatabase, workspaceId: string, version: TrainedLeadVersion, alias: string): Promise<void> {
  await database.db.transaction((tx) => moveAlias(tx, { workspaceId, modelId: version.modelId, alias, versionId: version.versionId, userId: null }));
}

/** Generated leads as Salesforce returns them (and as a client would send them), without their outcome fields. */
export function leadRecords(count: number, seed: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const batch of generateRecordBatches({ object: 'Lead', rows: count, seed })) for (const record of batch) records.push(toSalesforceJson(record));
  return records;
}

export const LEAD_MODEL = 'Lead conversion';

export interface LeadModelFixture {
  api: TestApi;
  workspace: SeededWorkspace;
  /** A workspace of its own users and no models, to try to reach the first one's. */
  other: SeededWorkspace;
  v1: TrainedLeadVersion;
  v2: TrainedLeadVersion;
}

/**
 * For a describe block: the API with a worker, two workspaces, and LEAD_MODEL trained twice in
 * the first (version 1 the champion). Read the fields inside hooks and tests; the API closes after.
 */
export function useLeadModelFixture(database: TestDatabase, slug: string): LeadModelFixture {
  const fixture = {} as LeadModelFixture;
  before(async function () {
    this.timeout(120_000);
    fixture.api = await startTestApi(database);
    await startTestWorker(fixture.api, database);
    fixture.workspace = await seedWorkspace(database.db, slug);
    fixture.other = await seedWorkspace(database.db, `${slug}-other`);
    fixture.v1 = await trainLeadVersion(fixture.api, database, fixture.workspace, LEAD_MODEL, 1);
    fixture.v2 = await trainLeadVersion(fixture.api, database, fixture.workspace, LEAD_MODEL, 2);
    await pointAlias(database, fixture.workspace.id, fixture.v1, 'champion');
  });
  after(async () => {
    await fixture.api?.close();
  });
  return fixture;
}

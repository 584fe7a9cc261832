import assert from 'node:assert/strict';
import { promotionRequestSchema, trainingRunSchema, type PromotionRequest, type TrainingRun } from '@scorebridge/shared';
import { seedUser, seedWorkspace, type SeededUser, type SeededWorkspace } from '../../../backend/test/support/fixtures.ts';
import { expectJson } from '../../../backend/test/support/http-assertions.ts';
import { importSyntheticDataset, LEAD_LEAKAGE_COLUMNS } from '../../../backend/test/support/synthetic-datasets.ts';
import type { TestApi } from '../../../backend/test/support/test-api.ts';
import type { TestDatabase } from '../../../backend/test/support/test-database.ts';

export const SCENARIO_MODEL = 'Lead conversion';

export interface RegistryScenario {
  workspace: SeededWorkspace;
  /** The analyst who asked for the pending promotion (the seeded analyst did not). */
  requester: SeededUser;
  /** Version 2 as champion, waiting for an admin; version 1 is champion now. */
  pending: PromotionRequest;
}

async function trainVersion(api: TestApi, database: TestDatabase, workspace: SeededWorkspace, seed: number): Promise<TrainingRun> {
  const dataset = await importSyntheticDataset(database.db, workspace.id, { rows: 2000, seed, name: `leads-${seed}.csv`, source: 'file' });
  const body = { datasetId: dataset.id, experiment: SCENARIO_MODEL, target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS], register: SCENARIO_MODEL, seed, tuningTrials: 0 };
  const queued = trainingRunSchema.parse(await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: body }), 202));
  for (let tries = 0; ; tries++) {
    const run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
    if (run.status !== 'queued' && run.status !== 'running') {
      assert.equal(run.status, 'succeeded', run.error?.message);
      return run;
    }
    assert.ok(tries < 1200, 'training did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function requestPromotion(api: TestApi, key: string, version: number): Promise<PromotionRequest> {
  const response = await api.request(`/v1/models/${encodeURIComponent(SCENARIO_MODEL)}/promotions`, { method: 'POST', key, json: { version, reason: `version ${version} converts better on recent leads` } });
  return promotionRequestSchema.parse(await expectJson(response, 201));
}

/**
 * A workspace as the task pane meets it: a lead model with two trained versions, version 1 already
 * champion (asked by an analyst, approved by an admin through the API), and a pending request to
 * make version 2 champion, asked by a second analyst. Training a version takes about a second
 * (a worker must consume jobs: startTestWorker).
 */
export async function seedRegistryScenario(api: TestApi, database: TestDatabase, slug: string): Promise<RegistryScenario> {
  const workspace = await seedWorkspace(database.db, slug);
  const requester = await seedUser(database.db, workspace, 'analyst', 'requester');
  await trainVersion(api, database, workspace, 1);
  await trainVersion(api, database, workspace, 2);
  const first = await requestPromotion(api, requester.key, 1);
  const approval = first.policy.passed ? { comment: 'first champion' } : { comment: 'first champion', overrideReason: 'nothing to compare with yet' };
  await expectJson(await api.request(`/v1/promotions/${first.id}/approve`, { method: 'POST', key: workspace.users.admin.key, json: approval }), 200);
  const pending = await requestPromotion(api, requester.key, 2);
  return { workspace, requester, pending };
}

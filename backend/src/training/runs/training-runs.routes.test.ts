import assert from 'node:assert/strict';
import { importedDatasetSchema, trainingRunSchema, type TrainingRun } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../../test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../../test/support/test-api.ts';
import { importSyntheticDataset } from '../../../test/support/synthetic-datasets.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { startTestWorker } from '../../../test/support/test-worker.ts';
import { listTrainingArtifactNames } from './training-runs.repo.ts';

describe('training runs through the API and a worker', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;
  let leadsId: string;

  before(async () => {
    api = await startTestApi(database);
    await startTestWorker(api, database);
    workspace = await seedWorkspace(database.db, 'train');
    other = await seedWorkspace(database.db, 'train-other');
    leadsId = (await importSyntheticDataset(database.db, workspace.id, { rows: 4000, seed: 5 })).id;
  });
  after(async () => {
    await api.close();
  });

  async function finished(id: string, key: string): Promise<TrainingRun> {
    for (let tries = 0; ; tries++) {
      const run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${id}`, { key }), 200));
      if (run.status !== 'queued' && run.status !== 'running') return run;
      assert.ok(tries < 1200, `training did not finish: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('should train both models, keep the better one with its holdout metrics, and store its artifacts', async () => {
    const queued = trainingRunSchema.parse(
      await expectJson(
        await api.request('/v1/training-runs', {
          method: 'POST',
          key: workspace.users.analyst.key,
          json: { datasetId: leadsId, experiment: 'Lead conversion', target: 'IsConverted', exclude: ['Status', 'ConvertedDate', 'Converted_Date__c', '__trueProbability'] },
        }),
        202,
      ),
    );
    // A fast worker may already have picked it up by the time the answer is written.
    assert.ok(['queued', 'running'].includes(queued.status), queued.status);
    const run = await finished(queued.id, workspace.users.rep.key);
    assert.equal(run.status, 'succeeded', run.error?.message);
    assert.ok(run.chosen === 'gbdt' || run.chosen === 'logistic');
    for (const kind of ['gbdt', 'logistic']) assert.ok(run.metrics![kind]!.rocAuc > 0.7, `${kind} AUC ${run.metrics![kind]!.rocAuc}`);
    assert.equal(run.codeVersion, 'test');
    assert.deepEqual(await listTrainingArtifactNames(database.db, run.id), [
      'gbdt/calibrator.json',
      'gbdt/feature-spec.json',
      'gbdt/model.json',
      'logistic/calibrator.json',
      'logistic/feature-spec.json',
      'logistic/model.json',
      'model.onnx',
    ]);
    const list = (await expectJson(await api.request('/v1/training-runs', { key: workspace.users.rep.key }), 200)) as { items: TrainingRun[] };
    assert.deepEqual(list.items.map((item) => item.id), [run.id]);
  });

  it('should fail a run whose target has one class, saying so, and store no artifacts', async () => {
    const single = importedDatasetSchema.parse(
      await expectJson(
        await api.request('/v1/datasets', {
          method: 'POST',
          key: workspace.users.analyst.key,
          json: { name: 'all won', columns: ['Amount', 'Won'], rows: Array.from({ length: 300 }, (_, index) => [index, 'yes']) },
        }),
        201,
      ),
    );
    const queued = trainingRunSchema.parse(
      await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId: single.dataset.id, experiment: 'x', target: 'Won' } }), 202),
    );
    const run = await finished(queued.id, workspace.users.analyst.key);
    assert.equal(run.status, 'failed');
    assert.match(run.error?.message ?? '', /one (value|class)|only one|single/i);
    assert.deepEqual(await listTrainingArtifactNames(database.db, run.id), []);
  });

  it('should cancel a running run: it stops within seconds, stores nothing, and frees the worker', async () => {
    const big = await importSyntheticDataset(database.db, workspace.id, { rows: 20_000, seed: 6, name: 'many leads' });
    const queued = trainingRunSchema.parse(
      await expectJson(
        await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId: big.id, experiment: 'slow', target: 'IsConverted', tuningTrials: 40, register: 'Slow model' } }),
        202,
      ),
    );
    for (let tries = 0; ; tries++) {
      const run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.rep.key }), 200));
      assert.notEqual(run.status, 'succeeded', 'the run finished before it could be cancelled; give it more work');
      if (run.status === 'running' && (run.progress?.fraction ?? 0) > 0.02) break;
      assert.ok(tries < 1200, 'the run never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expectError(await api.request(`/v1/training-runs/${queued.id}/cancel`, { method: 'POST', key: workspace.users.rep.key }), 403, 'forbidden');
    await expectError(await api.request(`/v1/training-runs/${queued.id}/cancel`, { method: 'POST', key: other.users.admin.key }), 404, 'not_found');
    const cancelledAt = Date.now();
    const cancelled = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}/cancel`, { method: 'POST', key: workspace.users.analyst.key }), 200));
    assert.equal(cancelled.status, 'cancelled');
    assert.match(cancelled.error?.message ?? '', /Cancelled by api/);

    // With one job at a time, the next run can only start once the cancelled one has stopped.
    const next = trainingRunSchema.parse(
      await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId: leadsId, experiment: 'after', target: 'IsConverted' } }), 202),
    );
    const after = await finished(next.id, workspace.users.analyst.key);
    assert.equal(after.status, 'succeeded');
    const waited = new Date(after.startedAt!).getTime() - cancelledAt;
    assert.ok(waited < 5_000, `the cancelled training kept the worker busy for ${waited} ms`);
    const final = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.rep.key }), 200));
    assert.equal(final.status, 'cancelled');
    assert.equal(final.modelVersion, null);
    assert.deepEqual(await listTrainingArtifactNames(database.db, queued.id), []);
    const children = await database.sql`select 1 from training_runs where parent_run_id = ${queued.id}`;
    assert.equal(children.length, 0, 'no tuning trials of a cancelled run are stored');

    const again = await expectError(await api.request(`/v1/training-runs/${next.id}/cancel`, { method: 'POST', key: workspace.users.analyst.key }), 409, 'conflict');
    assert.match(again.message, /has already succeeded; only queued or running runs can be cancelled/);
  });

  it('should stop a run at its time limit and fail it for good with what to change', async () => {
    const big = await importSyntheticDataset(database.db, workspace.id, { rows: 20_000, seed: 8, name: 'limited leads' });
    const queued = trainingRunSchema.parse(
      await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId: big.id, experiment: 'limited', target: 'IsConverted', tuningTrials: 40, timeLimitSeconds: 2 } }), 202),
    );
    const run = await finished(queued.id, workspace.users.analyst.key);
    assert.equal(run.status, 'failed');
    assert.match(run.error?.message ?? '', /stopped at its time limit of 2 s; allow more time \(timeLimitSeconds\)/);
    assert.ok(run.durationSeconds! < 10, `it ran ${run.durationSeconds} s`);
    assert.deepEqual(await listTrainingArtifactNames(database.db, run.id), []);
    const jobs = await database.sql<{ state: string }[]>`select state from pgboss.job where data ->> 'trainingRunId' = ${run.id}`;
    assert.deepEqual(jobs.map((job) => job.state), ['completed'], 'a run stopped at its limit is not retried');
  });

  it('should refuse reps and other workspaces’ datasets and runs', async () => {
    await expectError(
      await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.rep.key, json: { datasetId: leadsId, experiment: 'x', target: 'IsConverted' } }),
      403,
      'forbidden',
    );
    await expectError(
      await api.request('/v1/training-runs', { method: 'POST', key: other.users.analyst.key, json: { datasetId: leadsId, experiment: 'x', target: 'IsConverted' } }),
      404,
      'not_found',
    );
    const [run] = await database.sql<{ id: string }[]>`select id from training_runs where workspace_id = ${workspace.id} limit 1`;
    await expectError(await api.request(`/v1/training-runs/${run!.id}`, { key: other.users.admin.key }), 404, 'not_found');
  });
});

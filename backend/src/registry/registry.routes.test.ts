import assert from 'node:assert/strict';
import { experimentSchema, modelVersionSchema, registeredModelSchema, trainingRunSchema, type TrainingRun } from '@scorebridge/shared';
import { z } from 'zod';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { importSyntheticDataset, LEAD_LEAKAGE_COLUMNS } from '../../test/support/synthetic-datasets.ts';
import { importTable } from '../datasets/datasets.service.ts';
import { syntheticTableStream } from '../synthetic/index.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { startTestWorker } from '../../test/support/test-worker.ts';
import { createLogger } from '../logger.ts';
import { listVersionArtifactNames } from './model-versions.repo.ts';
import { startDueRetrainings } from './retraining.ts';

const DAY_MS = 86_400_000;

describe('model registry: versions from training runs, experiments, retraining schedules', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  const logger = createLogger({ level: 'silent', format: 'json' });
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;

  async function importLeads(workspaceId: string, seed: number): Promise<string> {
    return (await importSyntheticDataset(database.db, workspaceId, { rows: 2000, seed, name: 'leads.csv', source: 'file' })).id;
  }

  async function finished(id: string): Promise<TrainingRun> {
    for (let tries = 0; ; tries++) {
      const run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${id}`, { key: workspace.users.analyst.key }), 200));
      if (run.status !== 'queued' && run.status !== 'running') return run;
      assert.ok(tries < 1200, `training did not finish: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function train(body: Record<string, unknown>): Promise<TrainingRun> {
    const queued = trainingRunSchema.parse(await expectJson(await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: body }), 202));
    const run = await finished(queued.id);
    assert.equal(run.status, 'succeeded', run.error?.message);
    return run;
  }

  async function versions(name: string, key = workspace.users.rep.key) {
    return z.object({ items: z.array(modelVersionSchema) }).parse(await expectJson(await api.request(`/v1/models/${encodeURIComponent(name)}/versions`, { key }), 200)).items;
  }

  before(async () => {
    api = await startTestApi(database);
    await startTestWorker(api, database);
    workspace = await seedWorkspace(database.db, 'registry');
    other = await seedWorkspace(database.db, 'registry-other');
  });
  after(async () => {
    await api.close();
  });

  it('should register each run as the next candidate version, with lineage, artifacts and audit events, and record tuning trials as runs', async () => {
    const datasetId = await importLeads(workspace.id, 1);
    const request = { datasetId, experiment: 'Lead conversion', target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS], register: 'Lead conversion' };
    const first = await train({ ...request, tuningTrials: 4 });
    assert.deepEqual(first.modelVersion && { modelName: first.modelVersion.modelName, version: first.modelVersion.version }, { modelName: 'Lead conversion', version: 1 });
    const second = await train({ ...request, seed: 7 });
    assert.equal(second.modelVersion?.version, 2);

    const [v2, v1] = await versions('lead CONVERSION');
    assert.deepEqual([v2!.version, v1!.version], [2, 1]);
    assert.equal(v1!.trainingRunId, first.id);
    assert.equal(v1!.datasetId, datasetId);
    assert.equal(v1!.kind, first.chosen);
    assert.equal(v1!.metrics!['rocAuc'], first.metrics![first.chosen!]!.rocAuc);
    assert.deepEqual(v1!.aliases, [], 'a new version is a candidate: no alias moves');
    assert.ok(v1!.inputFields.includes('LeadSource') && !v1!.inputFields.includes('IsConverted'), v1!.inputFields.join());
    assert.deepEqual(await listVersionArtifactNames(database.db, v1!.id), ['calibrator.json', 'feature-spec.json', 'model.json', 'model.onnx']);

    const model = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion', { key: workspace.users.rep.key }), 200));
    assert.deepEqual({ latest: model.latestVersion, aliases: model.aliases, target: model.target.column }, { latest: 2, aliases: {}, target: 'IsConverted' });

    // The tuning trials are runs of the same experiment, listed by the compare view after the real runs.
    const compared = z.object({ experiment: experimentSchema, runs: z.array(trainingRunSchema) }).parse(await expectJson(await api.request(`/v1/experiments/${first.experimentId}/runs`, { key: workspace.users.rep.key }), 200));
    assert.equal(compared.experiment.runCount, 2);
    assert.equal(compared.runs.length, 6);
    const trials = compared.runs.filter((run) => run.parentRunId === first.id);
    assert.equal(trials.length, 4);
    for (const trial of trials) {
      assert.ok(trial.params && typeof trial.params['learningRate'] === 'number', JSON.stringify(trial.params));
      assert.ok(trial.metrics!['validation']!.rocAuc > 0.5, JSON.stringify(trial.metrics));
    }
    assert.deepEqual(compared.runs.slice(0, 2).map((run) => run.parentRunId), [null, null], 'runs first, by holdout AUC');
    const best = [first, second].sort((a, b) => b.metrics![b.chosen!]!.rocAuc - a.metrics![a.chosen!]!.rocAuc)[0]!;
    assert.equal(compared.experiment.bestRun?.id, best.id);
    const listed = z.object({ items: z.array(experimentSchema) }).parse(await expectJson(await api.request('/v1/experiments', { key: workspace.users.rep.key }), 200));
    assert.deepEqual(listed.items.map((item) => [item.name, item.runCount]), [['Lead conversion', 2]]);
    // Trials are not listed with the runs unless asked for.
    const runs = z.object({ items: z.array(trainingRunSchema) }).parse(await expectJson(await api.request('/v1/training-runs', { key: workspace.users.rep.key }), 200));
    assert.equal(runs.items.length, 2);

    const actions = await database.sql<{ action: string; actor_label: string }[]>`
      select action, actor_label from audit_events where workspace_id = ${workspace.id} and action like 'model%' order by id`;
    assert.deepEqual(
      actions.map((row) => row.action),
      ['model.created', 'model_version.registered', 'model_version.registered'],
    );
  });

  it('should refuse to register a run into a model that predicts another target, before training', async () => {
    const datasetId = await importLeads(workspace.id, 2);
    const error = await expectError(
      await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId, experiment: 'x', target: 'HasOptedOutOfEmail', register: 'Lead conversion' } }),
      409,
      'conflict',
    );
    assert.match(error.message, /Model "Lead conversion" predicts IsConverted, not HasOptedOutOfEmail/);
    await expectError(
      await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId, experiment: 'x', target: 'IsConverted', register: '!bad name' } }),
      422,
      'validation_failed',
    );
  });

  it('should retrain on schedule from the newest data of the same source into a new candidate version, never moving an alias', async () => {
    await expectError(await api.request('/v1/models/Lead%20conversion/retraining', { method: 'PUT', key: workspace.users.rep.key, json: { everyDays: 10 } }), 403, 'forbidden');
    await expectError(await api.request('/v1/models/Lead%20conversion/retraining', { method: 'PUT', key: other.users.admin.key, json: { everyDays: 10 } }), 404, 'not_found');
    const invalid = await expectError(await api.request('/v1/models/Lead%20conversion/retraining', { method: 'PUT', key: workspace.users.analyst.key, json: { everyDays: 0 } }), 422, 'validation_failed');
    assert.equal(invalid.details?.[0]?.field, 'body.everyDays');

    const scheduled = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion/retraining', { method: 'PUT', key: workspace.users.analyst.key, json: { everyDays: 10 } }), 200));
    assert.equal(scheduled.retrainEveryDays, 10);
    const due = new Date(scheduled.nextRetrainAt!);
    assert.ok(Math.abs(due.getTime() - Date.now() - 10 * DAY_MS) < 60_000);

    // Nothing is due yet; a new upload of the same file arrives; ten days later the retraining uses it.
    assert.deepEqual(await startDueRetrainings({ db: database.db, jobQueue: api.jobQueue, logger }), []);
    const newer = await importLeads(workspace.id, 3);
    const later = new Date(due.getTime() + 1000);
    const [outcome] = await startDueRetrainings({ db: database.db, jobQueue: api.jobQueue, logger }, later);
    assert.ok(outcome && 'trainingRunId' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.datasetId, newer);
    assert.deepEqual(await startDueRetrainings({ db: database.db, jobQueue: api.jobQueue, logger }, later), [], 'a retraining starts once per period');
    const run = await finished(outcome.trainingRunId);
    assert.equal(run.status, 'succeeded', run.error?.message);
    assert.equal(run.modelVersion?.version, 3);
    const [v3] = await versions('Lead conversion');
    assert.deepEqual([v3!.version, v3!.aliases], [3, []]);
    const model = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion', { key: workspace.users.rep.key }), 200));
    assert.equal(new Date(model.nextRetrainAt!).getTime(), later.getTime() + 10 * DAY_MS);

    const stopped = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion/retraining', { method: 'PUT', key: workspace.users.admin.key, json: { everyDays: null } }), 200));
    assert.deepEqual([stopped.retrainEveryDays, stopped.nextRetrainAt], [null, null]);
  });

  it('should learn the CRM object from synced training data, and let admins edit the object and the grade bands', async () => {
    const { dataset } = await importTable(database.db, {
      workspaceId: workspace.id,
      name: 'Lead sync',
      source: 'crm_sync',
      origin: { provider: 'salesforce', object: 'Lead' },
      createdByUserId: null,
      table: syntheticTableStream({ object: 'Lead', rows: 2000, seed: 4 }),
    });
    const run = await train({ datasetId: dataset.id, experiment: 'Synced leads', target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS], register: 'Synced leads' });
    assert.equal(run.modelVersion?.version, 1);
    const synced = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Synced%20leads', { key: workspace.users.rep.key }), 200));
    assert.equal(synced.crmObject, 'Lead');

    const bands = [{ grade: 'Hot', from: 0.6 }, { grade: 'Warm', from: 0.3 }, { grade: 'Cold', from: 0 }];
    await expectError(await api.request('/v1/models/Synced%20leads', { method: 'PATCH', key: workspace.users.analyst.key, json: { gradeBands: bands } }), 403, 'forbidden');
    const unordered = await expectError(
      await api.request('/v1/models/Synced%20leads', { method: 'PATCH', key: workspace.users.admin.key, json: { gradeBands: [{ grade: 'A', from: 0.2 }, { grade: 'B', from: 0.5 }] } }),
      422,
      'validation_failed',
    );
    assert.match(unordered.details!.map((detail) => detail.message).join(' '), /highest `from` to the lowest|last grade band starts at 0/);
    const edited = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Synced%20leads', { method: 'PATCH', key: workspace.users.admin.key, json: { gradeBands: bands, crmObject: 'Opportunity' } }), 200));
    assert.deepEqual([edited.crmObject, edited.gradeBands.map((band) => band.grade)], ['Opportunity', ['Hot', 'Warm', 'Cold']]);

    // Scores take the new bands at once: the serving caches hear the change.
    const scored = (await expectJson(
      await api.request('/v1/score', { method: 'POST', key: workspace.users.rep.key, json: { model: 'Synced leads', records: [{ LeadSource: 'Web' }], reasons: 0 } }),
      200,
    )) as { results: { grade: string | null }[] };
    assert.ok(['Hot', 'Warm', 'Cold'].includes(scored.results[0]!.grade ?? ''), JSON.stringify(scored.results[0]));
    const [event] = await database.sql<{ before: { crmObject: string } }[]>`select before from audit_events where action = 'model.updated' and workspace_id = ${workspace.id}`;
    assert.equal(event!.before.crmObject, 'Lead');
  });

  it('should show models only to their own workspace', async () => {
    await expectError(await api.request('/v1/models/Lead%20conversion', { key: other.users.admin.key }), 404, 'not_found');
    await expectError(await api.request('/v1/models/Lead%20conversion/versions', { key: other.users.rep.key }), 404, 'not_found');
    const list = z.object({ items: z.array(registeredModelSchema) }).parse(await expectJson(await api.request('/v1/models', { key: other.users.admin.key }), 200));
    assert.deepEqual(list.items, []);
    const experiments = z.object({ items: z.array(experimentSchema) }).parse(await expectJson(await api.request('/v1/experiments', { key: other.users.admin.key }), 200));
    assert.deepEqual(experiments.items, []);
    const [experiment] = await database.sql<{ id: string }[]>`select id from experiments where workspace_id = ${workspace.id} limit 1`;
    await expectError(await api.request(`/v1/experiments/${experiment!.id}/runs`, { key: other.users.admin.key }), 404, 'not_found');
  });
});

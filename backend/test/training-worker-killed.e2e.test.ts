import assert from 'node:assert/strict';
import { startJobQueue, type JobQueue } from '../src/jobs/job-queue.ts';
import { createLogger } from '../src/logger.ts';
import { createTrainingRunsService } from '../src/training/runs/index.ts';
import { cleanEnv, startCli } from './support/cli.ts';
import { seedWorkspace } from './support/fixtures.ts';
import { importSyntheticDataset, LEAD_LEAKAGE_COLUMNS } from './support/synthetic-datasets.ts';
import { useTestDatabase } from './support/test-database.ts';

/**
 * A worker killed with SIGKILL in the middle of training: its heartbeat stops, pg-boss fails the
 * job, another worker retries it, and the run ends with exactly one registered model version.
 */
describe('a training worker killed mid-run', function () {
  this.timeout(240_000);
  const database = useTestDatabase();
  const logger = createLogger({ level: 'silent', format: 'json' });
  // The shortest heartbeat pg-boss allows, checked every second, so the retry comes within seconds.
  const env = () => cleanEnv({ DATABASE_URL: database.url, JOB_HEARTBEAT_SECONDS: '10', JOB_MONITOR_INTERVAL_SECONDS: '1', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' });
  let jobQueue: JobQueue;

  before(async () => {
    jobQueue = await startJobQueue({ url: database.url, logger, heartbeatSeconds: 10, monitorIntervalSeconds: 1 });
  });
  after(async () => {
    await jobQueue.stop(5_000);
  });

  async function runState(id: string) {
    const [row] = await database.sql<{ status: string; attempts: number; fraction: number | null }[]>`
      select status, attempts, (progress ->> 'fraction')::float8 as fraction from training_runs where id = ${id}`;
    return row!;
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('should retry the run in another worker and register one version, never half of one', async () => {
    const workspace = await seedWorkspace(database.db, 'killed');
    const dataset = await importSyntheticDataset(database.db, workspace.id, { rows: 20_000, seed: 11 });
    const run = await createTrainingRunsService({ db: database.db, jobQueue }).start(
      { workspaceId: workspace.id, userId: workspace.users.analyst.id, apiKeyId: null, label: 'test', requestId: null },
      {
        datasetId: dataset.id,
        experiment: 'Lead conversion',
        target: 'IsConverted',
        exclude: [...LEAD_LEAKAGE_COLUMNS],
        seed: 0,
        // Enough work that the kill lands mid-training.
        tuningTrials: 30,
        register: 'Lead conversion',
      },
    );

    const first = startCli(['worker'], env());
    try {
      await waitFor('training to be under way', async () => {
        const state = await runState(run.id);
        assert.notEqual(state.status, 'succeeded', 'training finished before the worker could be killed; give it more work');
        return state.status === 'running' && (state.fraction ?? 0) > 0.05 ? state : undefined;
      }, 120_000);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    const killed = await runState(run.id);
    assert.equal(killed.status, 'running');
    assert.equal(killed.attempts, 1);
    const versionsAfterKill = await database.sql`select 1 from model_versions where training_run_id = ${run.id}`;
    assert.equal(versionsAfterKill.length, 0, 'nothing is registered by a killed worker');

    const second = startCli(['worker'], env());
    try {
      const done = await waitFor('the retried run to finish', async () => {
        const state = await runState(run.id);
        return state.status === 'succeeded' || state.status === 'failed' ? state : undefined;
      }, 180_000);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 2, 'the second worker trained it again from the start');
    } finally {
      assert.equal(await second.stop('SIGTERM'), 0);
    }
    const versions = await database.sql<{ version: number; artifacts: number }[]>`
      select v.version, (select count(*)::int from model_version_artifacts a where a.version_id = v.id) as artifacts
      from model_versions v where v.training_run_id = ${run.id}`;
    assert.deepEqual([...versions], [{ version: 1, artifacts: 4 }]);
  });
});

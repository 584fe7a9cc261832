import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { scoreResponseSchema } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { startTestWorker } from '../../test/support/test-worker.ts';
import { readVersionArtifact } from '../registry/model-versions.repo.ts';
import { VERSION_ARTIFACTS } from '../training/scoring/load-trained-model.ts';
import { MEMORY_PER_FILE_BYTE } from './serving-model.ts';
import { leadRecords, pointAlias, trainLeadVersion, type TrainedLeadVersion } from './test-support/lead-models.ts';

const MODEL = 'Lead conversion';

interface Outcome {
  status: number;
  versionId: string | undefined;
  startedAt: number;
}

describe('hot swap: an alias moves while requests are scored', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  let apis: TestApi[];
  let workspace: SeededWorkspace;
  let v1: TrainedLeadVersion;
  let v2: TrainedLeadVersion;

  before(async () => {
    // Two API processes' worth of engines (two caches, two listeners): one whose cache holds none
    // of the versions, one whose cache holds one of the two, so that swaps load, evict and release
    // sessions while requests use them.
    // Eight clients in a closed loop send thousands of requests a minute: far above the default rate limit.
    const unlimited = { RATE_LIMIT_MAX: '100000000' };
    const tiny = await startTestApi(database, { ...unlimited, SERVING_CACHE_MAX_BYTES: '1' });
    await startTestWorker(tiny, database);
    workspace = await seedWorkspace(database.db, 'swap');
    v1 = await trainLeadVersion(tiny, database, workspace, MODEL, 1);
    v2 = await trainLeadVersion(tiny, database, workspace, MODEL, 2);
    const sizes = await Promise.all([v1, v2].map(async (version) => (await readVersionArtifact(database.db, version.versionId, VERSION_ARTIFACTS.onnx))!.data.byteLength));
    const oneVersion = Math.round(Math.max(...sizes) * MEMORY_PER_FILE_BYTE * 1.5);
    apis = [tiny, await startTestApi(database, { ...unlimited, SERVING_CACHE_MAX_BYTES: String(oneVersion) })];
    await pointAlias(database, workspace.id, v1, 'champion');
  });
  after(async () => {
    for (const api of apis) await api.close();
  });

  for (const model of [`${MODEL}@champion`, MODEL]) {
    it(`should swap every process to the new version with zero failed requests (${model})`, async () => {
      const records = leadRecords(3, 21);
      const outcomes: Outcome[] = [];
      let stop = false;
      const client = async (index: number): Promise<void> => {
        const api = apis[index % apis.length]!;
        for (let request = 0; !stop; request++) {
          const startedAt = performance.now();
          const response = await api.request('/v1/score', { method: 'POST', key: workspace.users.rep.key, json: { model, records: records.slice(0, 1 + (request % 3)) } });
          const text = await response.text();
          outcomes.push({ status: response.status, versionId: response.status === 200 ? scoreResponseSchema.parse(JSON.parse(text)).model.versionId : text, startedAt });
        }
      };
      const clients = Array.from({ length: 8 }, (_, index) => client(index));

      await sleep(150);
      for (const target of [v2, v1, v2, v1, v2, v1, v2]) {
        await pointAlias(database, workspace.id, target, 'champion');
        await sleep(120);
      }
      // The last move (to v2) has committed; a notification takes milliseconds to arrive.
      await sleep(300);
      const settledAt = performance.now();
      await sleep(1000);
      stop = true;
      await Promise.all(clients);

      const failed = outcomes.filter((outcome) => outcome.status !== 200);
      assert.deepEqual(failed, [], `${failed.length} of ${outcomes.length} requests failed`);
      assert.ok(outcomes.every((outcome) => outcome.versionId === v1.versionId || outcome.versionId === v2.versionId));
      const seen = new Set(outcomes.map((outcome) => outcome.versionId));
      assert.equal(seen.size, 2, 'both versions served during the swaps');
      const settled = outcomes.filter((outcome) => outcome.startedAt >= settledAt);
      assert.ok(settled.length >= 16, `only ${settled.length} requests after the last move`);
      assert.ok(
        settled.every((outcome) => outcome.versionId === v2.versionId),
        `${settled.filter((outcome) => outcome.versionId !== v2.versionId).length} requests after the last move still used the old version`,
      );
      for (const api of apis) {
        const stats = api.scoring.stats().models;
        assert.ok(stats.evictions > 0, 'the tiny cache evicted sessions between swaps');
      }
      await pointAlias(database, workspace.id, v1, 'champion');
      await sleep(200);
    });
  }
});

import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { modelVersions, type ModelVersionRow } from '../db/schema/index.ts';
import { createLogger } from '../logger.ts';
import { loadServingModel } from './load-serving-model.ts';
import { createModelCache } from './model-cache.ts';
import { leadRecords, useLeadModelFixture } from './test-support/lead-models.ts';

describe('model cache: loaded once, bounded by memory, never evicted in use', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  const logger = createLogger({ level: 'silent', format: 'json' });
  const fixture = useLeadModelFixture(database, 'cache');
  let versions: ModelVersionRow[];
  let loads: string[];

  const cache = (maxBytes: number) =>
    createModelCache({
      maxBytes,
      logger,
      load: (version) => {
        loads.push(version.id);
        return loadServingModel(database.db, version);
      },
    });

  before(async () => {
    versions = await Promise.all([fixture.v1, fixture.v2].map(async (trained) => (await database.db.select().from(modelVersions).where(eq(modelVersions.id, trained.versionId)))[0]!));
  });
  beforeEach(() => {
    loads = [];
  });

  it('should load a version once for requests that ask for it at the same time', async () => {
    const models = cache(1 << 30);
    const leases = await Promise.all(Array.from({ length: 10 }, () => models.acquire(versions[0]!)));
    assert.deepEqual(loads, [versions[0]!.id]);
    assert.ok(leases.every((lease) => lease.model === leases[0]!.model));
    for (const lease of leases) lease.release();
    await models.acquire(versions[0]!);
    assert.equal(loads.length, 1, 'kept while it fits');
    await models.close();
  });

  it('should evict the least recently used version beyond the bound, but only once no request uses it', async () => {
    const models = cache(1);
    const [a, b] = versions as [ModelVersionRow, ModelVersionRow];
    const first = await models.acquire(a);
    const second = await models.acquire(b);
    assert.deepEqual({ versions: models.stats().versions, evictions: models.stats().evictions }, { versions: 2, evictions: 0 }, 'over the bound while both are in use');
    const records = leadRecords(5, 3);
    first.release();
    assert.deepEqual({ versions: models.stats().versions, evictions: models.stats().evictions }, { versions: 1, evictions: 1 });
    // The version still in use scores on, and a released lease cannot be released twice.
    assert.equal((await second.score(records, true)).length, 5);
    first.release();
    assert.equal(models.stats().evictions, 1);
    second.release();
    assert.deepEqual({ versions: models.stats().versions, evictions: models.stats().evictions }, { versions: 0, evictions: 2 });
    // Asked for again, it is loaded again.
    const again = await models.acquire(a);
    assert.equal((await again.score(records, false)).length, 5);
    assert.deepEqual(loads, [a.id, b.id, a.id]);
    again.release();
    await models.close();
  });

  it('should keep the most recently used version when only one fits', async () => {
    const [a, b] = versions as [ModelVersionRow, ModelVersionRow];
    const probe = cache(1 << 30);
    const size = (await probe.acquire(a)).model.estimatedBytes;
    await probe.close();
    const models = cache(Math.round(size * 1.5));
    (await models.acquire(a)).release();
    (await models.acquire(b)).release();
    (await models.acquire(b)).release();
    assert.deepEqual(loads.slice(1), [a.id, b.id]);
    assert.equal(models.stats().versions, 1);
    (await models.acquire(a)).release();
    assert.deepEqual(loads.slice(1), [a.id, b.id, a.id]);
    await models.close();
  });

  it('should not keep a failed load, so the next request tries again', async () => {
    const models = cache(1 << 30);
    const missing = { ...versions[0]!, id: '00000000-0000-4000-8000-000000000000' };
    await assert.rejects(models.acquire(missing), /not found/);
    await assert.rejects(models.acquire(missing), /not found/);
    assert.equal(loads.length, 2);
    assert.equal(models.stats().versions, 0);
  });
});

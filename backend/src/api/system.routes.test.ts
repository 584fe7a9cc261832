import assert from 'node:assert/strict';
import { readinessSchema, versionSchema } from '@scorebridge/shared';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

describe('system routes', () => {
  const database = useTestDatabase();
  let api: TestApi;

  before(async () => {
    api = await startTestApi(database);
  });
  after(async () => {
    await api.close();
  });

  it('should answer /health without a credential', async () => {
    const response = await api.request('/health');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('should answer without an ETag: API answers are not cached', async () => {
    const response = await api.request('/health');
    assert.equal(response.headers.get('etag'), null);
  });

  it('should report the database and the job queue as ready', async () => {
    const response = await api.request('/ready');
    assert.equal(response.status, 200);
    const body = readinessSchema.parse(await response.json());
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.database.status, 'ok');
    assert.equal(body.checks.jobQueue.status, 'ok');
  });

  it('should name the version and the schema migration applied', async () => {
    const body = versionSchema.parse(await (await api.request('/version')).json());
    assert.equal(body.name, 'scorebridge');
    assert.match(body.schemaVersion ?? '', /^\d{4}_/);
    assert.equal(body.node, process.version);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasetSchema, importedDatasetSchema, qualityReportSchema } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { syntheticTableStream, writeCsv } from '../synthetic/index.ts';

describe('dataset routes', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;
  let dir: string;
  let leadsCsv: Buffer;

  before(async () => {
    api = await startTestApi(database, { IMPORT_MAX_BYTES: String(5 * 1024 * 1024) });
    workspace = await seedWorkspace(database.db, 'data');
    other = await seedWorkspace(database.db, 'data-other');
    dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-datasets-'));
    await writeCsv(syntheticTableStream({ object: 'Lead', rows: 3000, seed: 7, quirks: { leakageColumn: true } }), path.join(dir, 'leads.csv'));
    leadsCsv = readFileSync(path.join(dir, 'leads.csv'));
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (body: string | Buffer, { key = workspace.users.analyst.key, type = 'text/csv', query = '', fileName = 'leads.csv' } = {}) =>
    api.request(`/v1/datasets/import${query}`, { method: 'POST', key, body, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${fileName}"` } });

  const datasetCount = async () => (await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`)[0]!.n;

  let leadsId: string;

  it('should import a CSV file sent as the body, with its profile and quality findings', async () => {
    const imported = importedDatasetSchema.parse(await expectJson(await upload(leadsCsv), 201));
    assert.equal(imported.created, true);
    assert.equal(imported.dataset.name, 'leads.csv');
    assert.equal(imported.dataset.source, 'file');
    assert.equal(imported.dataset.rowCount, 3000);
    assert.equal(imported.dataset.profile?.rowCount, 3000);
    const codes = new Set(imported.dataset.quality?.findings.map((finding) => finding.code));
    assert.ok(codes.has('placeholder_values'), 'the generator’s placeholders are named');
    assert.ok(codes.has('constant_column'), 'CurrencyIsoCode is constant');
    assert.ok(codes.has('category_variants'), 'typos and case variants in picklists are named');
    leadsId = imported.dataset.id;
  });

  it('should return the existing dataset when the same file comes again', async () => {
    const before = await datasetCount();
    const again = importedDatasetSchema.parse(await expectJson(await upload(leadsCsv, { fileName: 'copy.csv' }), 201));
    assert.equal(again.created, false);
    assert.equal(again.dataset.id, leadsId);
    assert.equal(await datasetCount(), before);
  });

  it('should report leakage and readiness for a target, naming the planted column', async () => {
    const report = qualityReportSchema.parse(await expectJson(await api.request(`/v1/datasets/${leadsId}/quality?target=IsConverted`, { key: workspace.users.rep.key }), 200));
    const leaks = report.findings.filter((finding) => finding.code === 'leakage_suspect' || finding.code === 'filled_after_outcome');
    assert.ok(
      leaks.some((finding) => finding.columns.includes('Converted_Date__c')),
      `Converted_Date__c is flagged: ${JSON.stringify(leaks.map((finding) => finding.columns))}`,
    );
    assert.equal(report.readiness?.ready, false, 'a blocking leak makes the data not ready');

    const cleared = qualityReportSchema.parse(
      await expectJson(await api.request(`/v1/datasets/${leadsId}/quality?target=IsConverted&exclude=Converted_Date__c,Status,ConvertedDate`, { key: workspace.users.rep.key }), 200),
    );
    assert.ok(!cleared.findings.some((finding) => finding.columns.includes('Converted_Date__c')));
  });

  it('should name a target column that does not exist', async () => {
    const error = await expectError(await api.request(`/v1/datasets/${leadsId}/quality?target=IsConvertd`, { key: workspace.users.rep.key }), 422, 'validation_failed');
    assert.match(error.message, /IsConvertd/);
    assert.match(error.message, /IsConverted/, 'suggests the close name');
  });

  it('should create a dataset from rows pushed as JSON', async () => {
    const imported = importedDatasetSchema.parse(
      await expectJson(
        await api.request('/v1/datasets', {
          method: 'POST',
          key: workspace.users.analyst.key,
          json: { name: 'Sheet1 table', columns: ['Company', 'Employees', 'Won'], rows: [['Acme', 120, true], ['Globex', null, false], ['Initech', 15, 'yes']] },
        }),
        201,
      ),
    );
    assert.equal(imported.dataset.source, 'excel');
    assert.equal(imported.dataset.rowCount, 3);
    assert.equal(imported.dataset.profile?.columns.find((column) => column.name === 'Employees')?.type, 'numeric');
  });

  it('should name a join key spelled differently in another dataset of the workspace', async () => {
    const push = (name: string, columns: string[], rows: unknown[][]) =>
      api.request('/v1/datasets', { method: 'POST', key: workspace.users.analyst.key, json: { name, columns, rows } });
    await expectJson(await push('products', ['product', 'price'], [['GTX Pro', 4821], ['MG Special', 55]]), 201);
    const pipeline = importedDatasetSchema.parse(
      await expectJson(await push('pipeline', ['deal', 'product'], Array.from({ length: 30 }, (_, index) => [`D${index}`, index % 2 ? 'GTXPro' : 'MG Special'])), 201),
    );
    const finding = pipeline.dataset.quality?.findings.find((candidate) => candidate.code === 'join_mismatch');
    assert.match(finding?.message ?? '', /"GTXPro" \(15 rows\) is "GTX Pro" in products/);
    // The counts include the findings made against other datasets.
    const quality = pipeline.dataset.quality!;
    for (const severity of ['blocker', 'warning', 'info'] as const) assert.equal(quality.counts[severity], quality.findings.filter((candidate) => candidate.severity === severity).length, severity);
  });

  it('should reject each kind of bad file with the problem and its place, storing nothing', async () => {
    const before = await datasetCount();
    const cases: [string | Buffer, RegExp][] = [
      ['', /empty/i],
      ['Id,Name\n', /header but no rows|no rows/i],
      ['Id,Name\n1,Ann\n2,Bob,extra\n', /row 2/],
      ['Id,Name\n1,"unterminated\n', /quote/i],
      ['Id,Id\n1,2\n', /repeats column names: "Id" at positions 1, 2/],
      ['Id,\n1,2\n', /empty|no name/i],
      [Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]), /binary|not text|NUL/i],
    ];
    for (const [body, message] of cases) {
      const error = await expectError(await upload(body, { fileName: 'bad.csv' }), 422, 'validation_failed');
      assert.match(error.message, message, `${JSON.stringify(String(body).slice(0, 30))}: ${error.message}`);
    }
    assert.equal(await datasetCount(), before);
  });

  it('should refuse a file over IMPORT_MAX_BYTES with 413', async () => {
    const error = await expectError(await upload(Buffer.alloc(6 * 1024 * 1024, 'a')), 413, 'payload_too_large');
    assert.match(error.message, /IMPORT_MAX_BYTES/);
  });

  it('should let only analysts and admins import, and hide other workspaces’ datasets', async () => {
    await expectError(await upload('a,b\n1,2\n', { key: workspace.users.rep.key }), 403, 'forbidden');
    await expectError(await api.request(`/v1/datasets/${leadsId}`, { key: other.users.admin.key }), 404, 'not_found');
    const mine = datasetSchema.parse(await expectJson(await api.request(`/v1/datasets/${leadsId}`, { key: workspace.users.rep.key }), 200));
    assert.equal(mine.id, leadsId);
    const list = (await expectJson(await api.request('/v1/datasets', { key: other.users.admin.key }), 200)) as { items: unknown[] };
    assert.equal(list.items.length, 0);
  });
});

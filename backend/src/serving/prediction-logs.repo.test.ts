import assert from 'node:assert/strict';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { predictionLogRowJson, type PredictionLogEntry } from './prediction-logs.repo.ts';

/** Rows as the one parameter insertPredictionLogs sends. */
function predictionLogJson(rows: PredictionLogEntry[]): string {
  return `[${rows.map(predictionLogRowJson).join(',')}]`;
}

function entry(inputs: unknown, reasons: unknown = null): PredictionLogEntry {
  return {
    workspaceId: '00000000-0000-4000-8000-000000000001',
    modelId: '00000000-0000-4000-8000-000000000002',
    versionId: '00000000-0000-4000-8000-000000000003',
    shadow: false,
    source: 'api',
    callerUserId: null,
    callerApiKeyId: null,
    requestId: 'request "1"',
    crmObject: null,
    recordId: null,
    inputs,
    probability: 0.25,
    score: 25,
    grade: 'C',
    reasons,
    problem: null,
    scoredAt: new Date('2026-01-02T03:04:05.006Z'),
  };
}

describe('prediction log rows as jsonb text', () => {
  const database = useTestDatabase();

  it('should replace NUL and lone surrogates in values and leave everything else as JSON.stringify writes it', async () => {
    const inputs = {
      nul: 'a\u0000b',
      high: 'x\ud800',
      low: '\udc00y',
      pair: 'emoji \ud83d\ude00',
      backslashes: 'C:\\u0000\\ud800 and \\\\u0000',
      controls: 'tab\tline\nquote" \u0001',
      nested: [{ deep: '\u0000' }, 'plain', 1.5, null, true],
    };
    const text = predictionLogJson([entry(inputs, { positive: [{ name: 'Lead\ud800', contribution: 0.5 }] })]);
    const [row] = JSON.parse(text) as { inputs: typeof inputs; reasons: { positive: { name: string }[] }; request_id: string; created_at: string }[];
    assert.deepEqual(row!.inputs, {
      ...inputs,
      nul: 'a\ufffdb',
      high: 'x\ufffd',
      low: '\ufffdy',
      nested: [{ deep: '\ufffd' }, 'plain', 1.5, null, true],
    });
    assert.equal(row!.reasons.positive[0]!.name, 'Lead\ufffd');
    assert.equal(row!.request_id, 'request "1"');
    assert.equal(row!.created_at, '2026-01-02T03:04:05.006Z');
    // PostgreSQL takes it, and reads the same strings back.
    const [stored] = await database.sql<{ value: { inputs: unknown }[] }[]>`select ${text}::jsonb as value`;
    assert.deepEqual(stored!.value[0]!.inputs, row!.inputs);
  });

  it('should leave a key as it is, so that PostgreSQL refuses a row whose key holds NUL (it is then stored without its inputs)', async () => {
    const text = predictionLogJson([entry({ 'Lead\u0000Source': 'Web\u0000' })]);
    assert.deepEqual(Object.keys((JSON.parse(text) as { inputs: object }[])[0]!.inputs), ['Lead\u0000Source']);
    assert.ok(text.includes('"Web\\ufffd"'));
    await assert.rejects(database.sql`select ${text}::jsonb as value`, /\\u0000|unicode|null character/i);
  });

  it('should write text without those escapes exactly as JSON.stringify writes it', () => {
    const text = predictionLogJson([entry({ LeadSource: 'Web', Employees: 12, Note: 'a\\b "c"' }), entry('not an object')]);
    assert.equal(text, JSON.stringify(JSON.parse(text)));
    assert.ok(text.includes('"inputs":{"LeadSource":"Web","Employees":12,"Note":"a\\\\b \\"c\\""}'), text);
  });
});

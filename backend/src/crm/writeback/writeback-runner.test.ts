import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { seedWorkspace, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { recordScores } from '../../db/schema/index.ts';
import { ConflictError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import { createCredentialVault } from '../credential-vault.ts';
import type { SalesforceStandIn } from '../salesforce-stand-in/index.ts';
import { resetStandIn } from '../salesforce-stand-in/stand-in-test-fixtures.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncDeps } from '../sync/sync-runner.ts';
import { DEFAULT_WRITEBACK_SETTINGS, runWriteback, type WritebackOptions } from './writeback-runner.ts';
import { listWritebackModels, recordWriteResults } from './writeback-rows.repo.ts';
import { connectWorkspace, insertScores, registerScoringModel, requestsTo, SCORED_AT, startScoredOrg } from './writeback-test-fixtures.ts';

const MAX_ATTEMPTS = DEFAULT_WRITEBACK_SETTINGS.maxAttempts;

describe('Score write-back to the Salesforce stand-in, with unmodified jsforce', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  let standIn: SalesforceStandIn;
  let workspace: SeededWorkspace;
  let deps: SyncDeps;
  let leadIds: string[];
  let opportunityIds: string[];
  let lead: { modelId: string; versionId: string };

  before(async () => {
    standIn = await startScoredOrg({ leads: 3_200, opportunities: 20 });
    leadIds = [...standIn.store.records('Lead')].map((record) => String(record.Id));
    opportunityIds = [...standIn.store.records('Opportunity')].map((record) => String(record.Id));
    workspace = await seedWorkspace(database.db, 'writeback');
    const vault = createCredentialVault(randomBytes(32));
    deps = {
      db: database.db,
      sql: database.sql,
      vault,
      logger: createLogger({ level: 'silent', format: 'json' }),
      // Fast retries and polls, so fault tests take milliseconds.
      settings: { ...DEFAULT_SYNC_SETTINGS, bulkPollMs: 10, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } },
    };
    await connectWorkspace(database.db, vault, workspace.id, standIn);
    lead = await registerScoringModel(database.db, workspace.id, { name: 'Lead conversion', object: 'Lead', version: 3 });
  });
  after(async () => {
    await standIn.close();
  });
  beforeEach(() => resetStandIn(standIn));

  // Failed records are retried by the very next run here, unless a test asks for the real back-off.
  const writeback = (object: 'Lead' | 'Opportunity', options: Partial<WritebackOptions> = {}) =>
    runWriteback(deps, { workspaceId: workspace.id, object }, { signal: new AbortController().signal, settings: { ...DEFAULT_WRITEBACK_SETTINGS, retryDelaySeconds: 0 }, ...options });
  const leadScope = () => ({ workspaceId: workspace.id, modelId: lead.modelId, versionId: lead.versionId, object: 'Lead' });

  async function rowsOf(modelId: string, recordIds: readonly string[]) {
    const rows = await database.db.select().from(recordScores).where(and(eq(recordScores.workspaceId, workspace.id), eq(recordScores.modelId, modelId)));
    const wanted = new Set(recordIds);
    return new Map(rows.filter((row) => wanted.has(row.recordId)).map((row) => [row.recordId, row]));
  }

  it('should write 450 scores in three sObject Collections calls, keep the 5 that failed, and retry only those', async () => {
    const ids = leadIds.slice(0, 450);
    await insertScores(database.db, leadScope(), ids);
    const locked = [ids[3]!, ids[77]!, ids[201]!, ids[202]!, ids[449]!];
    standIn.faults.add({ kind: 'recordFailures', ids: locked, path: '/composite/sobjects' });

    const first = await writeback('Lead');
    assert.deepEqual(
      { transport: first.transport, toSend: first.toSend, written: first.written, failed: first.failed, requests: first.requests, model: first.model?.name },
      { transport: 'collections', toSend: 450, written: 445, failed: 5, requests: 3, model: 'Lead conversion' },
    );
    assert.deepEqual(requestsTo(standIn, /composite/), ['PATCH /composite/sobjects 200', 'PATCH /composite/sobjects 200', 'PATCH /composite/sobjects 200']);
    let rows = await rowsOf(lead.modelId, ids);
    const failed = [...rows.values()].filter((row) => row.writeStatus === 'failed');
    assert.deepEqual(failed.map((row) => row.recordId).sort(), [...locked].sort());
    for (const row of failed) {
      assert.match(row.writeError!, /^UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record/);
      assert.equal(row.writeAttempts, 1);
      assert.equal(row.writtenScore, null);
      assert.equal(standIn.store.get('Lead', row.recordId)!.Scorebridge_Score__c ?? null, null, 'a failed record is not written');
    }
    const written = rows.get(ids[10]!)!;
    assert.deepEqual(
      { status: written.writeStatus, score: written.writtenScore, grade: written.writtenGrade, version: written.writtenVersionId, error: written.writeError, attempts: written.writeAttempts },
      { status: 'written', score: 11, grade: 'C', version: lead.versionId, error: null, attempts: 0 },
    );
    assert.ok(written.writtenAt);
    const record = standIn.store.get('Lead', ids[10]!)!;
    assert.deepEqual(
      {
        score: record.Scorebridge_Score__c,
        grade: record.Scorebridge_Grade__c,
        reasons: record.Scorebridge_Reasons__c,
        version: record.Scorebridge_Model_Version__c,
        scoredAt: record.Scorebridge_Scored_At__c,
      },
      {
        score: 11,
        grade: 'C',
        reasons: 'Lead source is Partner referral: +12\nCompany is "Acme, Inc.": +7\nNo email opened: -5',
        version: 'Lead conversion v3',
        scoredAt: '2026-03-02T10:15:00.000+0000',
      },
    );

    // Rescoring found nothing new for 100 written records: they are pending again with the values Salesforce holds.
    await database.db
      .update(recordScores)
      .set({ writeStatus: 'pending' })
      .where(and(eq(recordScores.modelId, lead.modelId), eq(recordScores.writeStatus, 'written'), eq(recordScores.grade, 'A')));
    standIn.faults.clear();
    standIn.requestLog.clear();
    const second = await writeback('Lead');
    assert.deepEqual({ toSend: second.toSend, written: second.written, failed: second.failed, requests: second.requests }, { toSend: 5, written: 5, failed: 0, requests: 1 });
    assert.ok(second.unchanged > 100, 'unchanged rows are marked written without a call');
    assert.deepEqual(requestsTo(standIn, /composite/), ['PATCH /composite/sobjects 200']);
    rows = await rowsOf(lead.modelId, ids);
    assert.ok([...rows.values()].every((row) => row.writeStatus === 'written' && row.writeError === null));
    assert.equal(standIn.store.get('Lead', locked[0]!)!.Scorebridge_Model_Version__c, 'Lead conversion v3');

    standIn.requestLog.clear();
    const third = await writeback('Lead');
    assert.equal(third.toSend, 0);
    assert.deepEqual(standIn.requestLog.entries(), [], 'nothing due: not even a login or describe');
  });

  it('should write 2,500 scores with a Bulk API 2.0 ingest job and map per-record failures back', async () => {
    const ids = leadIds.slice(500, 3_000);
    await insertScores(database.db, leadScope(), ids);
    const invalid = [ids[0]!, ids[1_234]!, ids[2_499]!];
    standIn.faults.add({ kind: 'recordFailures', ids: invalid, path: '/jobs/ingest', statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Scores cannot change while the lead is in review' });
    standIn.store.delete('Lead', ids[42]!);

    const result = await writeback('Lead');
    assert.deepEqual(
      { transport: result.transport, toSend: result.toSend, written: result.written, failed: result.failed, gone: result.gone, requests: result.requests },
      { transport: 'bulk', toSend: 2_500, written: 2_496, failed: 4, gone: 1, requests: 1 },
    );
    const calls = requestsTo(standIn, /jobs\/ingest/);
    assert.deepEqual(calls.slice(0, 3), ['POST /jobs/ingest 200', 'PUT /jobs/ingest/{job}/batches 201', 'PATCH /jobs/ingest/{job} 200']);
    assert.deepEqual(calls.slice(-2), ['GET /jobs/ingest/{job}/successfulResults 200', 'GET /jobs/ingest/{job}/failedResults 200']);
    assert.deepEqual(requestsTo(standIn, /composite/), []);

    const rows = await rowsOf(lead.modelId, ids);
    for (const id of invalid) {
      assert.equal(rows.get(id)!.writeStatus, 'failed');
      assert.equal(rows.get(id)!.writeError, 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Scores cannot change while the lead is in review');
      assert.equal(rows.get(id)!.writeAttempts, 1);
    }
    const deleted = rows.get(ids[42]!)!;
    assert.equal(deleted.writeStatus, 'failed');
    assert.match(deleted.writeError!, /^ENTITY_IS_DELETED: entity is deleted \(the record is gone from Salesforce; not retried\)$/);
    assert.equal(deleted.writeAttempts, MAX_ATTEMPTS);
    assert.equal([...rows.values()].filter((row) => row.writeStatus === 'written').length, 2_496);
    const record = standIn.store.get('Lead', ids[7]!)!;
    assert.equal(record.Scorebridge_Reasons__c, 'Lead source is Partner referral: +12\nCompany is "Acme, Inc.": +7\nNo email opened: -5', 'line breaks, quotes and commas survive the CSV');
    assert.equal(record.Scorebridge_Score__c, 8);

    standIn.faults.clear();
    const retry = await writeback('Lead');
    assert.deepEqual({ transport: retry.transport, toSend: retry.toSend, written: retry.written, failed: retry.failed }, { transport: 'collections', toSend: 3, written: 3, failed: 0 }, 'the deleted record is not sent again');
  });

  it('should fail naming every missing field, and leave every row as it was', async () => {
    const opportunity = await registerScoringModel(database.db, workspace.id, { name: 'Opportunity win', object: 'Opportunity' });
    const scope = { workspaceId: workspace.id, ...opportunity, object: 'Opportunity' };
    await insertScores(database.db, scope, opportunityIds.slice(0, 10));
    // Unchanged since the last write: even such a row is not marked before the fields are checked.
    await insertScores(database.db, scope, opportunityIds.slice(10, 11), { score: 50, grade: 'B', writtenScore: 50, writtenGrade: 'B', writtenVersionId: opportunity.versionId });

    await assert.rejects(writeback('Opportunity'), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.equal(
        error.message,
        'Opportunity cannot take Scorebridge scores: missing fields Scorebridge_Score__c (Number(3, 0)), Scorebridge_Grade__c (Text(10)), Scorebridge_Reasons__c (Long Text Area(32768)), Scorebridge_Model_Version__c (Text(255)), Scorebridge_Scored_At__c (Date/Time): an admin must create them on Opportunity. Nothing was written.',
      );
      return true;
    });
    const rows = await rowsOf(opportunity.modelId, opportunityIds);
    assert.equal(rows.size, 11);
    for (const row of rows.values()) {
      assert.equal(row.writeStatus, 'pending');
      assert.equal(row.writeAttempts, 0);
      assert.match(row.writeError!, /missing fields Scorebridge_Score__c/);
    }
    assert.deepEqual(requestsTo(standIn, /composite|jobs\/ingest/), []);
  });

  it('should mark records deleted in Salesforce, or never there, as failed for good', async () => {
    const ids = leadIds.slice(3_000, 3_004);
    standIn.store.delete('Lead', ids[0]!);
    await insertScores(database.db, leadScope(), [...ids, '00Q000000000999AAA']);

    const result = await writeback('Lead');
    assert.deepEqual({ written: result.written, failed: result.failed, gone: result.gone }, { written: 3, failed: 2, gone: 2 });
    const rows = await rowsOf(lead.modelId, [ids[0]!, '00Q000000000999AAA']);
    assert.match(rows.get(ids[0]!)!.writeError!, /^ENTITY_IS_DELETED: /);
    assert.match(rows.get('00Q000000000999AAA')!.writeError!, /^INVALID_CROSS_REFERENCE_KEY: /);
    assert.ok([...rows.values()].every((row) => row.writeStatus === 'failed' && row.writeAttempts === MAX_ATTEMPTS));

    standIn.requestLog.clear();
    assert.equal((await writeback('Lead')).toSend, 0);
    assert.deepEqual(requestsTo(standIn, /composite/), []);
  });

  it('should wait before retrying a failed record: 5 minutes after its first failure, 10 after its second', async () => {
    const [id] = leadIds.slice(3_045, 3_046);
    await insertScores(database.db, leadScope(), [id!]);
    standIn.faults.add({ kind: 'recordFailures', ids: [id!], path: '/composite/sobjects' });
    const withBackOff = { settings: DEFAULT_WRITEBACK_SETTINGS };
    const failedSecondsAgo = (seconds: number) =>
      database.sql`update record_scores set write_failed_at = now() - make_interval(secs => ${seconds}) where workspace_id = ${workspace.id} and model_id = ${lead.modelId} and record_id = ${id!}`;

    assert.equal((await writeback('Lead', withBackOff)).failed, 1);
    assert.equal((await writeback('Lead', withBackOff)).toSend, 0, 'not sent again at once');
    await failedSecondsAgo(290);
    assert.equal((await writeback('Lead', withBackOff)).toSend, 0, 'nor before 5 minutes');
    await failedSecondsAgo(310);
    assert.equal((await writeback('Lead', withBackOff)).failed, 1, 'sent again after 5 minutes, and failed again');
    await failedSecondsAgo(310);
    assert.equal((await writeback('Lead', withBackOff)).toSend, 0, 'the second wait is 10 minutes');
    standIn.faults.clear();
    await failedSecondsAgo(610);
    assert.equal((await writeback('Lead', withBackOff)).written, 1);
    const [row] = (await rowsOf(lead.modelId, [id!])).values();
    assert.deepEqual({ status: row!.writeStatus, attempts: row!.writeAttempts, failedAt: row!.writeFailedAt }, { status: 'written', attempts: 0, failedAt: null });
  });

  it('should give up on a record after its attempts are spent', async () => {
    const [id] = leadIds.slice(3_004, 3_005);
    await insertScores(database.db, leadScope(), [id!]);
    standIn.faults.add({ kind: 'recordFailures', ids: [id!], path: '/composite/sobjects' });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) assert.equal((await writeback('Lead')).failed, 1);
    const [row] = (await rowsOf(lead.modelId, [id!])).values();
    assert.deepEqual({ status: row!.writeStatus, attempts: row!.writeAttempts }, { status: 'failed', attempts: MAX_ATTEMPTS });
    assert.equal((await writeback('Lead')).toSend, 0);
  });

  it('should retry a server error within the call, and leave the rows pending when the errors outlast the retries', async () => {
    const ids = leadIds.slice(3_010, 3_020);
    await insertScores(database.db, leadScope(), ids);
    standIn.faults.add({ kind: 'status', status: 503, path: '/composite/sobjects', times: 3 });
    await assert.rejects(writeback('Lead'), /Server is temporarily unavailable/);
    assert.deepEqual(requestsTo(standIn, /composite/), ['PATCH /composite/sobjects 503', 'PATCH /composite/sobjects 503', 'PATCH /composite/sobjects 503']);
    let rows = await rowsOf(lead.modelId, ids);
    for (const row of rows.values()) {
      assert.deepEqual({ status: row.writeStatus, attempts: row.writeAttempts, written: row.writtenScore }, { status: 'pending', attempts: 0, written: null });
      assert.match(row.writeError!, /Server is temporarily unavailable/);
    }

    standIn.faults.add({ kind: 'status', status: 503, path: '/composite/sobjects', times: 1 });
    standIn.requestLog.clear();
    assert.equal((await writeback('Lead')).written, 10);
    assert.deepEqual(requestsTo(standIn, /composite/), ['PATCH /composite/sobjects 503', 'PATCH /composite/sobjects 200']);
    rows = await rowsOf(lead.modelId, ids);
    assert.ok([...rows.values()].every((row) => row.writeStatus === 'written' && row.writeError === null));
  });

  it('should stop at the API-usage ceiling before sending, leaving the rows pending', async () => {
    const ids = leadIds.slice(3_020, 3_030);
    await insertScores(database.db, leadScope(), ids);
    standIn.apiUsage.used = Math.ceil(standIn.apiUsage.limit * 0.95);
    await assert.rejects(writeback('Lead'), /Stopped to leave Salesforce API requests for the org's other integrations: .* The rows not yet sent stay pending for the next write-back\./);
    assert.deepEqual(requestsTo(standIn, /composite/), []);
    assert.ok([...(await rowsOf(lead.modelId, ids)).values()].every((row) => row.writeStatus === 'pending'));
    standIn.apiUsage.used = 0;
    assert.equal((await writeback('Lead')).written, 10);
  });

  it('should write the rows of every model with a champion (segments give each record to one of them), never those of a model without one', async () => {
    const unpromoted = await registerScoringModel(database.db, workspace.id, { name: 'Aardvark leads', object: 'Lead', champion: false });
    const later = await registerScoringModel(database.db, workspace.id, { name: 'zebra leads', object: 'Lead' });
    assert.deepEqual((await listWritebackModels(database.db, workspace.id, 'Lead')).map((model) => model.name), ['Lead conversion', 'zebra leads']);
    const ids = leadIds.slice(3_030, 3_040);
    const [mine, zebras] = [ids.slice(0, 5), ids.slice(5)];
    await insertScores(database.db, { workspaceId: workspace.id, ...unpromoted, object: 'Lead' }, ids);
    await insertScores(database.db, { workspaceId: workspace.id, ...later, object: 'Lead' }, zebras, { score: 33, grade: 'C' });
    await insertScores(database.db, leadScope(), mine, { score: 77, grade: 'A' });

    const result = await writeback('Lead');
    assert.deepEqual({ models: result.models.map((model) => model.name), written: result.written }, { models: ['Lead conversion', 'zebra leads'], written: 10 });
    assert.equal(standIn.store.get('Lead', mine[0]!)!.Scorebridge_Score__c, 77);
    assert.equal(standIn.store.get('Lead', zebras[0]!)!.Scorebridge_Score__c, 33);
    assert.equal(standIn.store.get('Lead', zebras[0]!)!.Scorebridge_Model_Version__c, 'zebra leads v1');
    assert.ok([...(await rowsOf(unpromoted.modelId, ids)).values()].every((row) => row.writeStatus === 'pending'), 'a model without a champion is never sent');
    assert.deepEqual(await listWritebackModels(database.db, workspace.id, 'Contact'), []);
  });

  it('should keep a row rescored while its write was in flight pending, with what Salesforce got as written', async () => {
    const [id] = leadIds.slice(3_040, 3_041);
    await insertScores(database.db, leadScope(), [id!], { score: 40, grade: 'C' });
    await database.db.update(recordScores).set({ score: 60, grade: 'B' }).where(and(eq(recordScores.modelId, lead.modelId), eq(recordScores.recordId, id!)));
    const scope = { workspaceId: workspace.id, modelId: lead.modelId, object: 'Lead' };
    await recordWriteResults(database.db, scope, { written: [{ recordId: id!, score: 40, grade: 'C', versionId: lead.versionId }], failed: [], maxAttempts: MAX_ATTEMPTS, at: SCORED_AT });
    let [row] = (await rowsOf(lead.modelId, [id!])).values();
    assert.deepEqual({ status: row!.writeStatus, written: row!.writtenScore, score: row!.score }, { status: 'pending', written: 40, score: 60 });

    await recordWriteResults(database.db, scope, { written: [], failed: [{ recordId: id!, score: 40, grade: 'C', versionId: lead.versionId, error: 'UNABLE_TO_LOCK_ROW: locked', final: false }], maxAttempts: MAX_ATTEMPTS, at: SCORED_AT });
    [row] = (await rowsOf(lead.modelId, [id!])).values();
    assert.deepEqual({ status: row!.writeStatus, attempts: row!.writeAttempts, error: row!.writeError }, { status: 'pending', attempts: 0, error: null }, 'a failure of old values does not touch the new score');
    await database.db.delete(recordScores).where(and(eq(recordScores.modelId, lead.modelId), eq(recordScores.recordId, id!)));
  });

  it('should run one write-back of an object at a time: a second waits for the first, then sends what is left', async () => {
    const ids = leadIds.slice(3_050, 3_150);
    await insertScores(database.db, leadScope(), ids);
    standIn.faults.add({ kind: 'delay', delayMs: 300, path: '/composite/sobjects' });
    let waited = false;
    const [first, second] = await Promise.all([writeback('Lead'), new Promise((resolve) => setTimeout(resolve, 100)).then(() => writeback('Lead', { onWait: () => (waited = true) }))]);
    assert.ok(waited);
    assert.deepEqual([first.written, second.written, second.requests], [100, 0, 0]);
    assert.deepEqual(requestsTo(standIn, /composite/), ['PATCH /composite/sobjects 200']);
  });

  it('should do nothing for an object no model with a champion scores', async () => {
    const other = await seedWorkspace(database.db, 'writeback-other');
    const result = await runWriteback(deps, { workspaceId: other.id, object: 'Lead' }, { signal: new AbortController().signal });
    assert.deepEqual({ model: result.model, toSend: result.toSend }, { model: null, toSend: 0 });
  });
});

import assert from 'node:assert/strict';
import { ROLES, scoreResponseSchema, storedRecordScoreSchema, type StoredRecordScore } from '@scorebridge/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { crmRecords, recordScores } from '../db/schema/index.ts';
import { insertRegisteredModelIfAbsent, updateRegisteredModel } from '../registry/registered-models.repo.ts';
import type { RescoreOutcome } from './rescore-records.ts';
import { queueRescore, rescoreQueue } from './serving.jobs.ts';
import { LEAD_MODEL as MODEL, leadRecords, pointAlias, useLeadModelFixture } from './test-support/lead-models.ts';

describe('record scores: rescoring synced records, GET /v1/records/{object}/{recordId}/score', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  const fixture = useLeadModelFixture(database, 'records');
  let leads: Record<string, unknown>[];

  const idOf = (lead: Record<string, unknown>) => String(lead['Id']);

  async function recordScore(recordId: string, key = fixture.workspace.users.rep.key, query = ''): Promise<StoredRecordScore> {
    return storedRecordScoreSchema.parse(await expectJson(await fixture.api.request(`/v1/records/Lead/${recordId}/score${query}`, { key }), 200));
  }

  async function rescore(): Promise<RescoreOutcome[]> {
    const jobId = await queueRescore(fixture.api.jobQueue, { workspaceId: fixture.workspace.id, crmObject: 'Lead', reason: 'manual' });
    for (let tries = 0; ; tries++) {
      const job = await fixture.api.jobQueue.boss.getJobById(rescoreQueue.queue, jobId);
      if (job?.state === 'completed') {
        const output = job.output as { models: RescoreOutcome[]; writebackJobId: string | null };
        assert.equal(output.writebackJobId, null, 'no org is connected: nothing to write back to');
        return output.models;
      }
      assert.ok(job?.state !== 'failed' && tries < 600, `rescoring ${job?.state}: ${JSON.stringify(job?.output)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What POST /v1/score says of the same fields now. */
  async function scoreOf(fields: Record<string, unknown>): Promise<number> {
    const response = scoreResponseSchema.parse(await expectJson(await fixture.api.request('/v1/score', { method: 'POST', key: fixture.workspace.users.rep.key, json: { model: MODEL, records: [fields] } }), 200));
    return response.results[0]!.score!;
  }

  before(async () => {
    await updateRegisteredModel(database.db, fixture.v1.modelId, { crmObject: 'Lead' });
    // Synced leads, as the sync stores them: flat fields by API name.
    leads = leadRecords(20, 31);
    await database.db.insert(crmRecords).values(leads.map((lead) => ({ workspaceId: fixture.workspace.id, object: 'Lead', recordId: idOf(lead), systemModstamp: new Date(), fields: lead })));
  });

  it('should score a synced record that has no score yet on demand, and keep the champion\'s score', async () => {
    const lead = leads[0]!;
    const score = await recordScore(idOf(lead));
    assert.deepEqual(
      { model: score.model, previousScore: score.previousScore, trend: score.trend, object: score.object, recordId: score.recordId },
      { model: { name: MODEL, version: 1, versionId: fixture.v1.versionId }, previousScore: null, trend: null, object: 'Lead', recordId: idOf(lead) },
    );
    assert.equal(score.score, await scoreOf(lead));
    assert.ok(score.reasons.positive.length + score.reasons.negative.length > 0);
    const [stored] = await database.db.select().from(recordScores).where(eq(recordScores.recordId, idOf(lead)));
    assert.deepEqual([stored?.score, stored?.writeStatus, stored?.versionId], [score.score, 'pending', fixture.v1.versionId]);
    assert.deepEqual(await recordScore(idOf(lead)), score, 'then read back as stored');
  });

  it('should rescore changed records with the champion, keeping the previous score for the trend', async () => {
    const [first] = await rescore();
    assert.deepEqual({ ...first, scored: first!.scored + 1 }, { model: MODEL, version: 1, scored: 20, unscored: 0 }, 'the record scored on demand is current already');
    const scores = new Map<string, number>();
    for (const lead of leads) {
      const stored = await recordScore(idOf(lead));
      assert.equal(stored.score, await scoreOf(lead));
      scores.set(idOf(lead), stored.score);
    }
    // The CRM holds every score: written back.
    await database.sql`update record_scores set written_score = score, written_grade = grade, written_version_id = version_id, write_status = 'written' where workspace_id = ${fixture.workspace.id}`;
    assert.deepEqual((await rescore())[0]!.scored, 0, 'nothing changed, nothing is scored');

    // The lowest-scored lead is synced again with the fields of the highest-scored one.
    const sorted = [...leads].sort((a, b) => scores.get(idOf(a))! - scores.get(idOf(b))!);
    const [low, high] = [sorted[0]!, sorted.at(-1)!];
    assert.ok(scores.get(idOf(high))! - scores.get(idOf(low))! >= 5);
    await database.sql`update crm_records set fields = ${JSON.stringify({ ...high, Id: idOf(low) })}::jsonb, synced_at = now() where workspace_id = ${fixture.workspace.id} and record_id = ${idOf(low)}`;
    assert.deepEqual((await rescore())[0]!.scored, 1);
    const changed = await recordScore(idOf(low));
    assert.deepEqual(
      { score: changed.score, previousScore: changed.previousScore, trend: changed.trend },
      { score: scores.get(idOf(high)), previousScore: scores.get(idOf(low)), trend: 'improving' },
    );
    assert.ok(changed.previousScoredAt !== null && changed.previousScoredAt < changed.scoredAt);
    const statuses = await database.sql<{ record_id: string; write_status: string }[]>`select record_id, write_status from record_scores where workspace_id = ${fixture.workspace.id} and write_status <> 'written'`;
    assert.deepEqual(statuses.map((row) => row.record_id), [idOf(low)], 'only the changed score waits for the write-back');

    // A new champion rescoring everything; a deleted record is left alone.
    await database.sql`update crm_records set is_deleted = true where workspace_id = ${fixture.workspace.id} and record_id = ${idOf(high)}`;
    await pointAlias(database, fixture.workspace.id, fixture.v2, 'champion');
    assert.deepEqual((await rescore())[0], { model: MODEL, version: 2, scored: 19, unscored: 0 });
    const pending = await database.sql<{ count: number }[]>`select count(*)::int as count from record_scores where workspace_id = ${fixture.workspace.id} and write_status = 'pending' and version_id = ${fixture.v2.versionId}`;
    assert.equal(pending[0]!.count, 19);
    assert.deepEqual((await recordScore(idOf(leads[1]!))).model, { name: MODEL, version: 2, versionId: fixture.v2.versionId });
  });

  it('should answer every role of the workspace, and 404 to other workspaces and unknown records', async () => {
    const recordId = idOf(leads[2]!);
    for (const role of ROLES) assert.equal((await recordScore(recordId, fixture.workspace.users[role].key)).recordId, recordId);
    await expectError(await fixture.api.request(`/v1/records/Lead/${recordId}/score`), 401, 'unauthenticated');
    for (const role of ROLES) {
      await expectError(await fixture.api.request(`/v1/records/Lead/${recordId}/score`, { key: fixture.other.users[role].key }), 404, 'not_found');
      await expectError(await fixture.api.request(`/v1/records/Lead/${recordId}/score?model=${encodeURIComponent(MODEL)}`, { key: fixture.other.users[role].key }), 404, 'not_found');
    }
    const unknown = await expectError(await fixture.api.request('/v1/records/Lead/00Q000000000000AAA/score', { key: fixture.workspace.users.rep.key }), 404, 'not_found');
    assert.match(unknown.message, /not synced/);
    const object = await expectError(await fixture.api.request(`/v1/records/Account/${recordId}/score`, { key: fixture.workspace.users.rep.key }), 422, 'validation_failed');
    assert.equal(object.details?.[0]?.field, 'params.object');
    const forOpportunities = await expectError(await fixture.api.request('/v1/records/Opportunity/006000000000000AAA/score', { key: fixture.workspace.users.rep.key }), 404, 'not_found');
    assert.match(forOpportunities.message, /No model is registered for Opportunity records \(the workspace has "Lead conversion"\)/);
  });

  it('should ask which model when several score the object, and skip a model without a champion when rescoring', async () => {
    const { row } = await insertRegisteredModelIfAbsent(database.db, { workspaceId: fixture.workspace.id, name: 'Lead conversion B', target: { column: 'IsConverted' }, gradeBands: [{ grade: 'A', from: 0.5 }, { grade: 'B', from: 0 }], crmObject: 'Lead' });
    const recordId = idOf(leads[3]!);
    const error = await expectError(await fixture.api.request(`/v1/records/Lead/${recordId}/score`, { key: fixture.workspace.users.rep.key }), 404, 'not_found');
    assert.match(error.message, /Several models score Lead records \("Lead conversion", "Lead conversion B"\): choose one with \?model=/);
    assert.equal((await recordScore(recordId, fixture.workspace.users.rep.key, `?model=${encodeURIComponent(MODEL)}`)).model.version, 2);
    const outcomes = await rescore();
    assert.deepEqual(outcomes.find((outcome) => outcome.model === row.name), { model: row.name, version: null, scored: 0, unscored: 0, skipped: 'no champion' });
  });

  it('should rescore an object\'s records when a promotion moves the champion of its model', async () => {
    const promotion = z.object({ id: z.uuid() }).parse(
      await expectJson(await fixture.api.request(`/v1/models/${encodeURIComponent(MODEL)}/promotions`, { method: 'POST', key: fixture.workspace.users.analyst.key, json: { version: 1, reason: 'Back to the first version' } }), 201),
    );
    await expectJson(await fixture.api.request(`/v1/promotions/${promotion.id}/approve`, { method: 'POST', key: fixture.workspace.users.admin.key, json: { overrideReason: 'Tested by hand' } }), 200);
    // The approval queued a rescoring; the worker runs it.
    for (let tries = 0; ; tries++) {
      const [row] = await database.sql<{ count: number }[]>`select count(*)::int as count from record_scores where workspace_id = ${fixture.workspace.id} and version_id = ${fixture.v2.versionId}`;
      if (row!.count === 0) break;
      assert.ok(tries < 400, `${row!.count} records still scored by the old champion`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual((await recordScore(idOf(leads[1]!), fixture.workspace.users.rep.key, `?model=${encodeURIComponent(MODEL)}`)).model, { name: MODEL, version: 1, versionId: fixture.v1.versionId });
  });
});

import assert from 'node:assert/strict';
import { registeredModelSchema, storedRecordScoreSchema } from '@scorebridge/shared';
import { and, eq } from 'drizzle-orm';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { crmRecords, recordScores } from '../db/schema/index.ts';
import { createSegmentRouter, recordInSegment } from '../registry/segments.ts';
import { updateRegisteredModel } from '../registry/registered-models.repo.ts';
import type { RescoreOutcome } from './rescore-records.ts';
import { queueRescore, rescoreQueue } from './serving.jobs.ts';
import { leadRecords, pointAlias, trainLeadVersion, useLeadModelFixture, LEAD_MODEL } from './test-support/lead-models.ts';

describe('segments: which of an object’s models scores a record', () => {
  it('should route a record to the first model by name whose segment holds it, else to the model without one', () => {
    const route = createSegmentRouter([
      { id: 'rest', nameKey: 'all leads', segment: null },
      { id: 'eu', nameKey: 'eu leads', segment: { field: 'Country', values: ['DE', 'FR'] } },
      { id: 'us', nameKey: 'us leads', segment: { field: 'Country', values: ['US', 'USA'] } },
      { id: 'partner', nameKey: 'b partner', segment: { field: 'LeadSource', values: ['Partner Referral'] } },
    ]);
    assert.equal(route({ Country: ' US ' }), 'us', 'trimmed, as the feature reader trims');
    assert.equal(route({ Country: 'DE', LeadSource: 'Partner Referral' }), 'partner', 'segments are tried by model name');
    assert.equal(route({ Country: 'us' }), 'rest', 'values are compared as written (picklists are exact)');
    assert.equal(route({}), 'rest');
    assert.equal(createSegmentRouter([{ id: 'us', nameKey: 'us', segment: { field: 'Country', values: ['US'] } }])({ Country: 'CA' }), null);
    assert.equal(recordInSegment({ Employees: 50 }, { field: 'Employees', values: ['50'] }), true, 'numbers as JavaScript writes them');
  });

  describe('through rescoring and the API', function () {
    this.timeout(180_000);
    const database = useTestDatabase();
    const fixture = useLeadModelFixture(database, 'segments');
    const US_MODEL = 'US leads';
    let leads: Record<string, unknown>[];

    const idOf = (lead: Record<string, unknown>) => String(lead['Id']);
    async function rescore(): Promise<RescoreOutcome[]> {
      const jobId = await queueRescore(fixture.api.jobQueue, { workspaceId: fixture.workspace.id, crmObject: 'Lead', reason: 'manual' });
      for (let tries = 0; ; tries++) {
        const job = await fixture.api.jobQueue.boss.getJobById(rescoreQueue.queue, jobId);
        if (job?.state === 'completed') return (job.output as { models: RescoreOutcome[] }).models;
        assert.ok(job?.state !== 'failed' && tries < 600, `rescoring ${job?.state}: ${JSON.stringify(job?.output)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    async function storedModelOf(recordId: string): Promise<string[]> {
      const rows = await database.db.select({ modelId: recordScores.modelId }).from(recordScores).where(and(eq(recordScores.workspaceId, fixture.workspace.id), eq(recordScores.recordId, recordId)));
      return rows.map((row) => row.modelId);
    }

    before(async () => {
      await updateRegisteredModel(database.db, fixture.v1.modelId, { crmObject: 'Lead' });
      const us = await trainLeadVersion(fixture.api, database, fixture.workspace, US_MODEL, 3);
      await pointAlias(database, fixture.workspace.id, us, 'champion');
      await updateRegisteredModel(database.db, us.modelId, { crmObject: 'Lead' });
      // The generator repeats some Ids on purpose (a data flaw); a CRM holds each record once.
      const unique = [...new Map(leadRecords(40, 41).map((lead) => [idOf(lead), lead])).values()].slice(0, 30);
      assert.equal(unique.length, 30);
      leads = unique.map((lead, index) => ({ ...lead, Country: index % 3 === 0 ? 'US' : 'Germany' }));
      await database.db.insert(crmRecords).values(leads.map((lead) => ({ workspaceId: fixture.workspace.id, object: 'Lead', recordId: idOf(lead), systemModstamp: new Date(), fields: lead })));
    });

    it('should let admins give a model a segment, and score each record with the one model its segment routes it to', async () => {
      await expectError(await fixture.api.request(`/v1/models/${encodeURIComponent(US_MODEL)}`, { method: 'PATCH', key: fixture.workspace.users.analyst.key, json: { segment: { field: 'Country', values: ['US'] } } }), 403, 'forbidden');
      const empty = await expectError(
        await fixture.api.request(`/v1/models/${encodeURIComponent(US_MODEL)}`, { method: 'PATCH', key: fixture.workspace.users.admin.key, json: { segment: { field: 'Country', values: [] } } }),
        422,
        'validation_failed',
      );
      assert.equal(empty.details?.[0]?.field, 'body.segment.values');
      const model = registeredModelSchema.parse(
        await expectJson(await fixture.api.request(`/v1/models/${encodeURIComponent(US_MODEL)}`, { method: 'PATCH', key: fixture.workspace.users.admin.key, json: { segment: { field: 'Country', values: ['US'] } } }), 200),
      );
      assert.deepEqual(model.segment, { field: 'Country', values: ['US'] });

      // The change queued a rescoring already; one more, queued after it, finishes after it on the one worker.
      const outcomes = await rescore();
      assert.deepEqual(outcomes.map((outcome) => outcome.model).sort(), [LEAD_MODEL, US_MODEL]);
      const stored = await database.db.select({ modelId: recordScores.modelId }).from(recordScores).where(eq(recordScores.workspaceId, fixture.workspace.id));
      assert.deepEqual(
        [stored.filter((row) => row.modelId === fixture.v1.modelId).length, stored.filter((row) => row.modelId === model.id).length],
        [20, 10],
        'each record once, by the model its Country routes it to',
      );
      const usLead = leads[0]!;
      const otherLead = leads[1]!;
      assert.deepEqual(await storedModelOf(idOf(usLead)), [model.id]);
      assert.deepEqual(await storedModelOf(idOf(otherLead)), [fixture.v1.modelId]);
      // Without ?model=, a record's score comes from the model its segment routes it to.
      const usScore = storedRecordScoreSchema.parse(await expectJson(await fixture.api.request(`/v1/records/Lead/${idOf(usLead)}/score`, { key: fixture.workspace.users.rep.key }), 200));
      assert.equal(usScore.model.name, US_MODEL);
      const otherScore = storedRecordScoreSchema.parse(await expectJson(await fixture.api.request(`/v1/records/Lead/${idOf(otherLead)}/score`, { key: fixture.workspace.users.rep.key }), 200));
      assert.equal(otherScore.model.name, LEAD_MODEL);
    });

    it('should drop the object’s stored scores when a segment changes and route the records afresh', async () => {
      await expectJson(
        await fixture.api.request(`/v1/models/${encodeURIComponent(US_MODEL)}`, { method: 'PATCH', key: fixture.workspace.users.admin.key, json: { segment: { field: 'Country', values: ['Germany'] } } }),
        200,
      );
      const left = await database.db.select().from(recordScores).where(eq(recordScores.workspaceId, fixture.workspace.id));
      assert.equal(left.length, 0, 'stored scores are derived data: dropped, to be scored again');
      // The API queued the rescoring; running it again here is harmless and waits for the result.
      await rescore();
      const stored = await database.db.select({ modelId: recordScores.modelId }).from(recordScores).where(eq(recordScores.workspaceId, fixture.workspace.id));
      assert.equal(stored.length, 30, 'every record once');
      assert.equal(stored.filter((row) => row.modelId === fixture.v1.modelId).length, 10, 'the US leads now go to the catch-all model');
    });
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { linearProbabilities, zipMapClassifier } from '../src/registry/uploaded-models/test-support/test-models.ts';
import { cleanEnv, runCli } from './support/cli.ts';
import { seedWorkspace, type SeededWorkspace } from './support/fixtures.ts';
import { useTestDatabase } from './support/test-database.ts';

describe('scorebridge models: promotions, rollback and uploads from the command line', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  let workspace: SeededWorkspace;
  let dir: string;
  const env = () => cleanEnv({ DATABASE_URL: database.url });
  const cli = (...args: string[]) => runCli([...args, '--workspace', 'cli-models'], env());

  before(async () => {
    workspace = await seedWorkspace(database.db, 'cli-models');
    dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-cli-models-'));
    const lines = ['Amount,Source,Won'];
    for (let index = 0; index < 600; index++) lines.push(`${(index * 37) % 1000},${index % 3 === 0 ? 'Partner' : 'Web'},${(index * 37) % 1000 > 500 || index % 7 === 0 ? 'yes' : 'no'}`);
    writeFileSync(path.join(dir, 'deals.csv'), `${lines.join('\n')}\n`);
    for (const seed of ['1', '2']) {
      const trained = await cli('train', path.join(dir, 'deals.csv'), '--target', 'Won', '--name', 'Deals', '--seed', seed, '--tune', '0');
      assert.equal(trained.code, 0, trained.stderr);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should request, refuse a self-approval, approve as another admin, list, and roll back', async () => {
    const noPerson = await cli('models', 'request', 'Deals', '--version', '1', '--reason', 'first');
    assert.equal(noPerson.code, 1);
    assert.match(noPerson.stderr, /needs a person: pass --as <email>/);
    const rep = await cli('models', 'request', 'Deals', '--version', '1', '--reason', 'first', '--as', workspace.users.rep.email);
    assert.equal(rep.code, 1);
    assert.match(rep.stderr, /is a rep; A promotion request needs analyst or admin/);

    const requested = await cli('models', 'request', 'Deals', '--version', '1', '--reason', 'first model', '--as', workspace.users.analyst.email, '--json');
    assert.equal(requested.code, 0, requested.stderr);
    const request = JSON.parse(requested.stdout) as { id: string; policy: { passed: boolean } };
    const self = await cli('models', 'approve', request.id, '--as', workspace.users.analyst.email);
    assert.match(self.stderr, /is an analyst; Approving a promotion needs admin/);
    const approved = await cli('models', 'approve', request.id, '--as', workspace.users.admin.email, ...(request.policy.passed ? [] : ['--override-reason', 'first model']));
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /Approved: "Deals" champion now points at version 1/);

    const second = await cli('models', 'request', 'Deals', '--version', '2', '--reason', 'retrained', '--as', workspace.users.admin.email);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /"Deals" champion -> version 2 \(now v1\), pending/);
    assert.match(second.stdout, /candidate +v2 +AUC 0\.\d{4}/);
    assert.match(second.stdout, /current +v1 +AUC 0\.\d{4}/);
    const id = /Promotion ([0-9a-f-]{36})/.exec(second.stdout)![1]!;
    const own = await cli('models', 'approve', id, '--as', workspace.users.admin.email, '--override-reason', 'mine');
    assert.equal(own.code, 1);
    assert.match(own.stderr, /requester cannot approve their own promotion request/);

    const pending = await cli('models', 'promotions', '--status', 'pending');
    assert.match(pending.stdout, new RegExp(`${id} +Deals +champion +2 +1 +pending`));
    const rejected = await cli('models', 'reject', id, '--as', workspace.users.admin.email, '--comment', 'not yet');
    assert.equal(rejected.code, 0, rejected.stderr);

    const rollback = await cli('models', 'rollback', 'Deals', '--reason', 'nothing earlier', '--as', workspace.users.admin.email);
    assert.equal(rollback.code, 1);
    assert.match(rollback.stderr, /No earlier version to go back to/);
    // A model for a CRM object: moving its champion from the command line queues that object's rescoring.
    await database.sql`update registered_models set crm_object = 'Opportunity' where name = 'Deals'`;
    const named = await cli('models', 'rollback', 'Deals', '--version', '2', '--reason', 'use v2', '--as', workspace.users.admin.email);
    assert.equal(named.code, 0, named.stderr);
    const rescores = await database.sql<{ data: { crmObject: string; reason: string } }[]>`select data from pgboss.job where name = 'serving.rescore'`;
    assert.deepEqual(rescores.map((job) => [job.data.crmObject, job.data.reason]), [['Opportunity', 'promotion']]);
    const versions = await cli('models', 'versions', 'Deals');
    assert.match(versions.stdout, /\n2 +[0-9a-f-]{36} +(gbdt|logistic) .* champion/);
  });

  it('should upload a third-party ONNX model, refuse a bad mapping, and score a file with it', async () => {
    writeFileSync(path.join(dir, 'model.onnx'), zipMapClassifier());
    const bad = await cli('models', 'upload', path.join(dir, 'model.onnx'), '--name', 'Linear', '--fields', 'x1,x2,x3');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /3 fields|width|2/);
    const neither = await cli('models', 'upload', path.join(dir, 'model.onnx'), '--name', 'Linear');
    assert.match(neither.stderr, /Give either --fields/);

    const uploaded = await cli('models', 'upload', path.join(dir, 'model.onnx'), '--name', 'Linear', '--fields', 'x1,x2', '--positive', '1');
    assert.equal(uploaded.code, 0, uploaded.stderr);
    assert.match(uploaded.stdout, /Uploaded "Linear" version 1 .*reading x1, x2/);

    writeFileSync(path.join(dir, 'points.csv'), 'x1,x2\n1,2\n0.5,-1\nnope,3\n');
    const scored = await cli('score', path.join(dir, 'points.csv'), '--model', 'Linear', '--out', path.join(dir, 'points-scored.csv'));
    assert.equal(scored.code, 0, scored.stderr);
    assert.match(scored.stdout, /Scored 3 rows with "Linear" version 1 \(newest version \(no champion yet\), onnx\).*1 without a score/);
    const rows = parse(readFileSync(path.join(dir, 'points-scored.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(Number(rows[0]!.score).toFixed(4), linearProbabilities([1, 2])[1]!.toFixed(4));
    assert.equal(Number(rows[1]!.score).toFixed(4), linearProbabilities([0.5, -1])[1]!.toFixed(4));
    assert.equal(rows[2]!.score, '');
    assert.match(rows[2]!.reasons!, /not scored: .*x1/);
  });

  it("should set a model's segment, queue its object's rescoring, clear it, and say what is wrong with bad options", async () => {
    await database.sql`update registered_models set crm_object = 'Opportunity' where name = 'Deals'`;
    // The job queue's tables exist once a command has started it (an earlier test may have).
    const [queue] = await database.sql<{ ready: boolean }[]>`select to_regclass('pgboss.job') is not null as ready`;
    if (queue!.ready) await database.sql`delete from pgboss.job where name = 'serving.rescore'`;
    const segmentOf = async () => (await database.sql<{ segment: unknown }[]>`select segment from registered_models where name = 'Deals'`)[0]!.segment;

    const noValues = await cli('models', 'segment', 'Deals', '--field', 'Source');
    assert.equal(noValues.code, 1);
    assert.match(noValues.stderr, /Give --field <field> and --values <v1,v2,...>/);
    const both = await cli('models', 'segment', 'Deals', '--clear', '--field', 'Source');
    assert.equal(both.code, 1);
    assert.match(both.stderr, /either --clear, or --field <field> with --values/);
    const empty = await cli('models', 'segment', 'Deals', '--field', 'Source', '--values', ' , ');
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /--values: no values given/);
    const unknown = await cli('models', 'segment', 'Nope', '--field', 'Source', '--values', 'Web');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Nope/);
    assert.equal(await segmentOf(), null, 'refused options change nothing');

    const set = await cli('models', 'segment', 'Deals', '--field', 'Source', '--values', 'Partner, Web ,');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /"Deals" now scores the Opportunity records whose Source is Partner or Web/);
    assert.deepEqual(await segmentOf(), { field: 'Source', values: ['Partner', 'Web'] });
    const listed = await cli('models', 'list', '--json');
    assert.deepEqual((JSON.parse(listed.stdout) as { name: string; segment: unknown }[]).find((model) => model.name === 'Deals')!.segment, { field: 'Source', values: ['Partner', 'Web'] });

    const cleared = await cli('models', 'segment', 'Deals', '--clear');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /"Deals" has no segment/);
    assert.equal(await segmentOf(), null);
    const rescores = await database.sql<{ data: { crmObject: string; reason: string } }[]>`select data from pgboss.job where name = 'serving.rescore' order by created_on`;
    assert.deepEqual(
      rescores.map((job) => [job.data.crmObject, job.data.reason]),
      [
        ['Opportunity', 'manual'],
        ['Opportunity', 'manual'],
      ],
    );
  });
});

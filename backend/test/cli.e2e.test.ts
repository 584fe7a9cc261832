import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import os from 'node:os';
import path from 'node:path';
import { seedWorkspace, type SeededWorkspace } from './support/fixtures.ts';
import { cleanEnv, runCli, startCli } from './support/cli.ts';
import { SERVING_NODE_OPTIONS } from '../src/api/heap-tuning.ts';
import { useTestDatabase } from './support/test-database.ts';

describe('scorebridge CLI', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  let workspace: SeededWorkspace;
  const env = (extra: Record<string, string | undefined> = {}) => cleanEnv({ DATABASE_URL: database.url, ...extra });

  before(async () => {
    workspace = await seedWorkspace(database.db, 'acme');
  });

  it('should migrate and report the schema version', async () => {
    const result = await runCli(['migrate'], env());
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Database schema is up to date \(\d{4}_\w+\)/);
  });

  it('should create a key for the first admin, list it, and revoke it by prefix', async () => {
    const created = await runCli(['keys', 'create', '--name', 'ops laptop', '--json'], env());
    assert.equal(created.code, 0, created.stderr);
    const { apiKey, secret } = JSON.parse(created.stdout) as { apiKey: { id: string; prefix: string; userId: string; role: string }; secret: string };
    assert.equal(apiKey.userId, workspace.users.admin.id);
    assert.equal(apiKey.role, 'admin');
    assert.ok(secret.startsWith(`${apiKey.prefix}_`));

    const listed = await runCli(['keys', 'list'], env());
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${apiKey.id}\\s+${apiKey.prefix}\\s+ops laptop\\s+admin`));
    assert.ok(!listed.stdout.includes(secret), 'the list never shows a secret');

    const revoked = await runCli(['keys', 'revoke', apiKey.prefix], env());
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked API key sbk_[0-9a-f]{12} \(ops laptop\)/);
    const [row] = await database.sql<{ revoked_at: Date | null }[]>`select revoked_at from api_keys where id = ${apiKey.id}`;
    assert.ok(row?.revoked_at);

    const [event] = await database.sql<{ actor_label: string; actor_user_id: string | null }[]>`
      select actor_label, actor_user_id from audit_events where target_id = ${apiKey.id} and action = 'api_key.revoked'`;
    assert.match(event!.actor_label, /^cli \(/);
    assert.equal(event!.actor_user_id, null);
  });

  it('should create a key for a named user with that user’s role', async () => {
    const result = await runCli(['keys', 'create', '--name', 'rep phone', '--user', workspace.users.rep.email, '--json'], env());
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { apiKey: { role: string } }).apiKey.role, 'rep');
  });

  it('should explain mistakes with a message and exit code 1, never a stack', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['keys', 'create', '--name', 'x', '--user', 'nobody@acme.example.com'], env(), /No user nobody@acme\.example\.com in workspace acme/],
      [['keys', 'create', '--name', 'x', '--workspace', 'nope'], env(), /No workspace nope; there are: acme/],
      [['keys', 'revoke', 'sbk_000000000000'], env(), /No API key sbk_000000000000/],
      [['keys', 'list'], env({ PORT: 'eighty' }), /PORT: .*"eighty"/],
      [['keys', 'create', '--name', 'x', '--expires-in-days', '-3'], env(), /expected a whole number/],
    ];
    for (const [args, environment, message] of cases) {
      const result = await runCli(args, environment);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('should create a workspace with its first admin and the admin’s key', async () => {
    const result = await runCli(['workspaces', 'create', '--name', 'Globex', '--slug', 'globex', '--admin-email', 'hank@globex.example.com', '--json'], env());
    assert.equal(result.code, 0, result.stderr);
    const created = JSON.parse(result.stdout) as { workspaceId: string; adminKey: string };
    const [admin] = await database.sql<{ role: string; email: string; lookup_id: string }[]>`
      select users.role, users.email, api_keys.lookup_id from users join api_keys on api_keys.user_id = users.id
      where users.workspace_id = ${created.workspaceId}`;
    assert.deepEqual({ role: admin!.role, email: admin!.email }, { role: 'admin', email: 'hank@globex.example.com' });
    assert.ok(created.adminKey.startsWith(`sbk_${admin!.lookup_id}_`), 'the printed key is the admin’s stored key');

    const again = await runCli(['workspaces', 'create', '--name', 'Globex', '--slug', 'globex', '--admin-email', 'x@globex.example.com'], env());
    assert.equal(again.code, 1);
    assert.match(again.stderr, /A workspace with slug globex already exists/);
    const badSlug = await runCli(['workspaces', 'create', '--name', 'X', '--slug', 'Not OK', '--admin-email', 'x@example.com'], env());
    assert.equal(badSlug.code, 1);
    assert.match(badSlug.stderr, /--slug use 2 to 63 lowercase letters/);

    const listed = await runCli(['workspaces', 'list'], env());
    assert.match(listed.stdout, /^acme\t/m);
    assert.match(listed.stdout, /^globex\t/m);
    // With two workspaces, key commands must be told which one.
    const ambiguous = await runCli(['keys', 'list'], env());
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /There are 2 workspaces; pass --workspace with one of: acme, globex/);
  });

  it('should import a CSV with its findings, and refuse a ragged one naming the row, storing nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-cli-import-'));
    try {
      writeFileSync(path.join(dir, 'deals.csv'), 'Id;Stage;Amount;Region\n1;Won;100;unknown\n2;Lost;250;EMEA\n3;Won;75;EMEA\n');
      const result = await runCli(['import', path.join(dir, 'deals.csv'), '--workspace', 'acme'], env());
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Imported dataset [0-9a-f-]{36} "deals\.csv": 3 rows, 4 columns/);
      assert.match(result.stdout, /Column Region uses "unknown"/);

      writeFileSync(path.join(dir, 'ragged.csv'), 'Id,Stage\n1,Won\n2,Lost,extra\n');
      const before = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
      const ragged = await runCli(['import', path.join(dir, 'ragged.csv'), '--workspace', 'acme'], env());
      assert.equal(ragged.code, 1);
      assert.match(ragged.stderr, /row 2/);
      assert.doesNotMatch(ragged.stderr, /\n\s+at /, 'no stack trace');
      const after = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
      assert.equal(after[0]!.n, before[0]!.n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should train and tune on a file, register a candidate version, score by model name, and refuse an unknown target before storing anything', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-cli-train-'));
    try {
      const lines = ['Amount,Source,Won'];
      for (let index = 0; index < 600; index++) lines.push(`${(index * 37) % 1000},${index % 3 === 0 ? 'Partner' : 'Web'},${(index * 37) % 1000 > 500 || index % 7 === 0 ? 'yes' : 'no'}`);
      writeFileSync(path.join(dir, 'deals.csv'), `${lines.join('\n')}\n`);
      const trained = await runCli(['train', path.join(dir, 'deals.csv'), '--target', 'Won', '--name', 'Deal wins', '--tune', '4', '--workspace', 'acme', '--json'], env());
      assert.equal(trained.code, 0, trained.stderr);
      const result = JSON.parse(trained.stdout) as { trainingRunId: string; chosen: string; metrics: Record<string, { rocAuc: number }>; modelVersion: { id: string; modelName: string; version: number } };
      assert.ok(['gbdt', 'logistic'].includes(result.chosen));
      assert.ok(result.metrics.gbdt!.rocAuc > 0.8, `gbdt AUC ${result.metrics.gbdt!.rocAuc}`);
      assert.deepEqual({ modelName: result.modelVersion.modelName, version: result.modelVersion.version }, { modelName: 'Deal wins', version: 1 });

      // Score a file by model name (no champion yet: the newest version): every row back, in order, with score, grade and reasons.
      writeFileSync(path.join(dir, 'new.csv'), 'Amount,Source\n900,Partner\nlots,Web\n100,Web\n5,Web,extra\n');
      const scored = await runCli(['score', path.join(dir, 'new.csv'), '--model', 'deal wins', '--out', path.join(dir, 'scored.csv'), '--workspace', 'acme'], env());
      assert.equal(scored.code, 0, scored.stderr);
      assert.match(scored.stdout, /Scored 4 rows with "Deal wins" version 1 \(newest version \(no champion yet\), (gbdt|logistic)\).*\(1 without a score; see their reasons\)/);
      const output = parse(readFileSync(path.join(dir, 'scored.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      assert.deepEqual(output.map((row) => row.Amount), ['900', 'lots', '100', '']);
      assert.equal(output[3]!.score, '');
      assert.match(output[3]!.reasons!, /not scored: The row has 3 values but the header has 2 columns/);
      for (const row of output.slice(0, 3)) {
        assert.ok(Number(row.score) > 0 && Number(row.score) < 1, `score ${row.score}`);
        assert.match(row.grade!, /^[ABCD]$/);
      }
      assert.ok(Number(output[0]!.score) > Number(output[2]!.score), 'a large amount scores higher, as in the training data');
      assert.match(output[1]!.reasons!, /read as missing: Amount/);

      // The same version by id and by number score the same; an unknown alias says what exists.
      for (const model of [result.modelVersion.id, 'Deal wins@1']) {
        const again = await runCli(['score', path.join(dir, 'new.csv'), '--model', model, '--out', path.join(dir, 'again.csv'), '--workspace', 'acme'], env());
        assert.equal(again.code, 0, again.stderr);
        assert.equal(readFileSync(path.join(dir, 'again.csv'), 'utf8'), readFileSync(path.join(dir, 'scored.csv'), 'utf8'));
      }
      const noAlias = await runCli(['score', path.join(dir, 'new.csv'), '--model', 'Deal wins@champion', '--out', path.join(dir, 'x.csv'), '--workspace', 'acme'], env());
      assert.equal(noAlias.code, 1);
      assert.match(noAlias.stderr, /--model: Alias "champion" of model "Deal wins" was not found/);

      const runs = await runCli(['runs', 'list', '--workspace', 'acme'], env());
      assert.equal(runs.code, 0, runs.stderr);
      assert.match(runs.stdout, /succeeded +(gbdt|logistic) +0\.\d{4} +0\.\d{4} +Deal wins@1 +Deal wins/);
      const compare = await runCli(['runs', 'compare', 'Deal wins', '--workspace', 'acme'], env());
      assert.equal(compare.code, 0, compare.stderr);
      assert.equal(compare.stdout.match(/trial of/g)?.length, 4, compare.stdout);
      const models = await runCli(['models', 'list', '--workspace', 'acme'], env());
      assert.match(models.stdout, /Deal wins +1 +- +off +Won/);

      const before = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
      const unknown = await runCli(['train', path.join(dir, 'deals.csv'), '--target', 'Wonn', '--workspace', 'acme'], env());
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /The file has no column Wonn; its columns are: Amount, Source, Won/);
      const after = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
      assert.equal(after[0]!.n, before[0]!.n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should warn when a production API starts without the serving node options, and only then', async () => {
    const serve = async (environment: Record<string, string>, nodeOptions: readonly string[]) => {
      // ADDIN_HTTPS_PORT=0: no add-in listener on its fixed port in development.
      const api = startCli(['serve'], env({ PORT: '0', ADDIN_HTTPS_PORT: '0', LOG_LEVEL: 'info', ...environment }), nodeOptions);
      try {
        await api.waitFor(/API listening/);
        return api.output();
      } finally {
        // The signal may come before the server has set up its graceful shutdown: its exit code says nothing here.
        await api.stop('SIGTERM');
      }
    };
    const warning = /node was started without --no-memory-reducer: the API may pause for tens of milliseconds/;
    const without = await serve({ NODE_ENV: 'production' }, []);
    assert.match(without, warning);
    const line = without.split('\n').find((text) => warning.test(text))!;
    assert.deepEqual((JSON.parse(line) as { missing: string[] }).missing, ['--no-memory-reducer'], 'the line names the missing option as data too');
    assert.doesNotMatch(await serve({ NODE_ENV: 'production' }, SERVING_NODE_OPTIONS), warning);
    // A developer's process is not nagged.
    assert.doesNotMatch(await serve({ NODE_ENV: 'development' }, []), warning);
  });

  it('should find a running worker with jobs ping, and say so when there is none', async () => {
    const none = await runCli(['jobs', 'ping', '--timeout', '1'], env());
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No worker answered within 1 s/);

    const worker = startCli(['worker'], env());
    try {
      await worker.waitFor(/worker consuming jobs/);
      const ping = await runCli(['jobs', 'ping'], env());
      assert.equal(ping.code, 0, ping.stderr);
      assert.match(ping.stdout, new RegExp(`A worker \\(pid ${worker.child.pid}\\) answered in \\d+ ms`));
    } finally {
      assert.equal(await worker.stop('SIGTERM'), 0);
    }
  });
});

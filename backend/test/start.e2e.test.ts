import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, startCli, type RunningCli } from './support/cli.ts';

/**
 * `npm start` as a new user runs it: no DATABASE_URL, so an embedded PostgreSQL starts, the demo
 * workspace is created and its admin key printed once; Ctrl-C leaves nothing behind.
 */

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function serverPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
}

describe('scorebridge start with the embedded database', function () {
  this.timeout(120_000);
  let dataDir: string;
  let running: RunningCli | undefined;
  const env = () => cleanEnv({ DATABASE_URL: undefined, SCOREBRIDGE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });

  before(() => {
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'scorebridge-start-')), 'data');
    chmodSync(path.dirname(dataDir), 0o755);
  });
  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });
  after(() => {
    const pid = serverPid(dataDir);
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  let adminKey: string;

  it('should print the URL and an admin key, be ready, and stop cleanly on Ctrl-C', async () => {
    running = startCli(['start'], env());
    const [, url] = await running.waitFor(/running at (http:\/\/\S+)/);
    const [key] = await running.waitFor(/sbk_[0-9a-f]{12}_[A-Za-z0-9_-]+/);
    adminKey = key;

    const ready = await fetch(`${url}/ready`);
    assert.equal(ready.status, 200);
    const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${adminKey}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { role: string } }).user.role, 'admin');

    const datasets = await fetch(`${url}/v1/datasets`, { headers: { authorization: `Bearer ${adminKey}` } });
    const names = ((await datasets.json()) as { items: { name: string; rowCount: number }[] }).items.map((item) => `${item.name}: ${item.rowCount}`).sort();
    // The demo org's first syncs (checked below) may already have added their datasets.
    assert.deepEqual(
      names.filter((name) => name.startsWith('Demo ')),
      ['Demo leads (synthetic): 5000', 'Demo opportunities (synthetic): 3000'],
      'the demo workspace starts with data',
    );

    // The demo's first model trains in the in-process worker.
    let runs: { status: string; chosen: string | null; metrics: Record<string, { rocAuc: number }> | null }[] = [];
    for (let tries = 0; runs[0]?.status !== 'succeeded'; tries++) {
      assert.ok(tries < 600 && runs[0]?.status !== 'failed', `the demo model did not train: ${JSON.stringify(runs)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      runs = ((await (await fetch(`${url}/v1/training-runs`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { items: typeof runs }).items;
    }
    assert.ok(runs[0]!.metrics![runs[0]!.chosen!]!.rocAuc > 0.7, 'the demo model ranks leads better than chance');
    // ...and is registered, so that a new user can score by name at once.
    const models = (await (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { items: { name: string; latestVersion: number }[] };
    assert.deepEqual(models.items.map((model) => [model.name, model.latestVersion]), [['Lead conversion', 1]]);

    // The demo org (a Salesforce stand-in) is connected and its first syncs run in the worker.
    assert.match(running.output(), /Demo Salesforce: +a stand-in org at http:\/\/127\.0\.0\.1:\d+/);
    let objects: { object: string; records: number; lastRun: { status: string } | null }[] = [];
    for (let tries = 0; !objects.every((entry) => entry.lastRun?.status === 'succeeded') || objects.length === 0; tries++) {
      assert.ok(tries < 600, `demo syncs did not finish: ${JSON.stringify(objects)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const status = await fetch(`${url}/v1/crm/status`, { headers: { authorization: `Bearer ${adminKey}` } });
      objects = ((await status.json()) as { objects: typeof objects }).objects;
    }
    assert.deepEqual(
      objects.map((entry) => `${entry.object}: ${entry.records}`),
      ['Lead: 3000', 'Opportunity: 2000'],
    );

    const pid = serverPid(dataDir);
    assert.ok(pid && isAlive(pid), 'embedded PostgreSQL is running');
    assert.equal(await running.stop('SIGINT'), 0);
    assert.ok(!isAlive(pid), 'embedded PostgreSQL stopped with the process');
    assert.ok(!existsSync(path.join(dataDir, 'embedded-postgres.lock')), 'lock file removed');
    assert.ok(!existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'PostgreSQL pid file removed');
  });

  it('should keep its data across restarts and not print a new key', async () => {
    running = startCli(['start'], env());
    const [, url] = await running.waitFor(/running at (http:\/\/\S+)/);
    await running.waitFor(/Press Ctrl-C to stop/);
    assert.doesNotMatch(running.output(), /sbk_[0-9a-f]{12}_/);
    const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${adminKey}` } });
    assert.equal(me.status, 200);
    // The demo org is in memory and on a new port: the demo connection now points at this one.
    const [, demoOrg] = await running.waitFor(/Demo Salesforce: +a stand-in org at (http:\/\/\S+),/);
    const status = (await (await fetch(`${url}/v1/crm/status`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { connection: { instanceUrl: string } };
    assert.equal(status.connection.instanceUrl, demoOrg);
    assert.equal(await running.stop('SIGTERM'), 0);
  });

  it('should recover when the previous run was killed without shutting down', async () => {
    running = startCli(['start'], env());
    await running.waitFor(/Press Ctrl-C to stop/);
    const orphan = serverPid(dataDir)!;
    await running.stop('SIGKILL');
    // The server lives in its own process group and survives its parent's SIGKILL.
    assert.ok(isAlive(orphan));

    running = startCli(['start'], env());
    const [, url] = await running.waitFor(/running at (http:\/\/\S+)/);
    assert.equal((await fetch(`${url}/ready`)).status, 200);
    assert.ok(!isAlive(orphan), 'the orphaned server was stopped');
    assert.equal(await running.stop('SIGINT'), 0);
  });

  it('should refuse a second process on the same data directory with a clear message', async () => {
    running = startCli(['start'], env());
    await running.waitFor(/Press Ctrl-C to stop/);
    const second = startCli(['start'], env());
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /Another Scorebridge process \(pid \d+\) is using the embedded database/);
    assert.doesNotMatch(second.output(), /\n\s+at /, 'no stack trace');
    const [, url] = await running.waitFor(/running at (http:\/\/\S+)/);
    assert.equal((await fetch(`${url}/ready`)).status, 200, 'the first process is unaffected');
  });
});

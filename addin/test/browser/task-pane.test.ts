import assert from 'node:assert/strict';
import { registeredModelSchema, scoreResponseSchema } from '@scorebridge/shared';
import type { Browser, Page } from 'playwright-core';
import { expectJson } from '../../../backend/test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../../backend/test/support/test-api.ts';
import { useTestDatabase } from '../../../backend/test/support/test-database.ts';
import { startTestWorker } from '../../../backend/test/support/test-worker.ts';
import { leadTable, type ExcelTableData } from '../support/lead-table.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, openPane, type PaneSession } from '../support/pane-browser.ts';
import { startPaneServer, type PaneServer } from '../support/pane-server.ts';
import { SCENARIO_MODEL, seedRegistryScenario, type RegistryScenario } from '../support/registry-scenario.ts';

interface StandInTable {
  header: string[];
  rows: (string | number | boolean)[][];
}

/** What the stand-in Office host exposes to tests in the page. */
interface StandInWindow {
  officeStandIn: {
    addTable(table: { name: string; worksheet?: string; header: string[]; rows: unknown[][]; numberFormats?: string[] }): void;
    select(tableName: string | null): void;
    table(name: string): StandInTable | null;
    stats: { syncs: number; largestWriteRows: number; largestRequestBytes: number; cellsWritten: number };
    functions(): string[];
  };
}

describe('the task pane in Chromium, with a stand-in Office host, against the real API', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  let api: TestApi;
  let pane: PaneServer;
  let browser: Browser;
  let scenario: RegistryScenario;
  const opened: PaneSession[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.error(`    Skipping the task pane's browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium; .ci/run installs it)`);
      this.skip();
    }
    pane = await startPaneServer();
    api = await startTestApi(database, { CORS_ORIGINS: pane.origin });
    await startTestWorker(api, database);
    scenario = await seedRegistryScenario(api, database, 'pane');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await pane?.close();
  });
  afterEach(async function () {
    for (const session of opened.splice(0)) {
      const problems = [...session.problems];
      await session.context.close();
      if (this.currentTest?.state === 'passed') assert.deepEqual(problems, [], 'the page logged no errors');
    }
  });

  async function open(): Promise<PaneSession> {
    const session = await openPane(browser, pane.pageUrl);
    opened.push(session);
    return session;
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.getByLabel('Scorebridge address').fill(api.baseUrl);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.locator('#signed-in-as').waitFor();
  }

  async function showScreen(page: Page, label: string): Promise<void> {
    await page.locator('nav').getByRole('button', { name: label, exact: true }).click();
  }

  it('should sign in with a pasted key, keep it in the add-in storage only, and say why Office sign-on is unavailable', async () => {
    const { page, screenshot } = await open();
    await page.getByRole('heading', { name: 'Sign in to Scorebridge' }).waitFor();
    await screenshot('01-sign-in');

    await page.getByLabel('Scorebridge address').fill(api.baseUrl);
    await page.getByRole('button', { name: 'Sign in with Office' }).click();
    await page.getByRole('alert').filter({ hasText: 'Office single sign-on failed (Office error 13000)' }).waitFor();
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'An API key looks like sbk_' }).waitFor();
    await page.getByLabel('API key').fill('sbk_abc_wrongsecret');
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'Check the key, or ask an admin for a new one' }).waitFor();
    await screenshot('02-sign-in-errors');

    await signIn(page, scenario.workspace.users.analyst.key);
    assert.match(await page.locator('#signed-in-as').innerText(), /\(analyst\), Workspace pane$/);
    const stored = await page.evaluate(() => localStorage.getItem('OfficeRuntime.storage:scorebridge.sign-in'));
    assert.deepEqual(JSON.parse(stored!), { method: 'api_key', apiKey: scenario.workspace.users.analyst.key, serviceUrl: api.baseUrl });

    // The stored sign-in opens the next session without asking; signing out forgets it.
    await page.reload();
    await page.locator('#signed-in-as').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Scorebridge' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('OfficeRuntime.storage:scorebridge.sign-in')), null);
  });

  it('should score a 1,000-row table in chunks, filling Score, Grade and Reasons, and update the same columns on a rerun', async () => {
    const { page, screenshot } = await open();
    const table = leadTable(1000, 31);
    await page.evaluate(
      (data) => {
        const { officeStandIn } = window as unknown as StandInWindow;
        officeStandIn.addTable({ name: 'Leads', worksheet: 'Pipeline', ...data });
        officeStandIn.select('Leads');
      },
      excelData(table),
    );
    await signIn(page, scenario.workspace.users.analyst.key);
    await page.getByRole('button', { name: 'Use the selected table' }).click();
    await page.locator('#table-summary').filter({ hasText: 'Leads on Pipeline: 1,000 rows' }).waitFor();
    await page.locator('#serving-version').filter({ hasText: 'version 1 (champion)' }).waitFor();
    assert.equal(await page.getByLabel('LeadSource', { exact: true }).inputValue(), 'Lead Source', 'matched despite the space');
    // Three chunks (400, 400, 200 rows) instead of one, to see the chunking through the real page.
    await page.locator('score-table-screen').evaluate((element) => ((element as HTMLElement & { chunkRows: number }).chunkRows = 400));
    await page.getByRole('button', { name: 'Score 1,000 rows' }).click();
    await page.locator('#score-summary').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#score-summary').innerText(), /Scored 1,000 of 1,000 rows with Lead conversion version 1 \(champion\)\. Added the columns Score, Grade, Reasons\./);
    const progress = page.locator('#score-progress');
    assert.equal(await progress.getAttribute('value'), await progress.getAttribute('max'));
    assert.match(await page.locator('label[for="score-progress"]').innerText(), /Scored 1,000 of 1,000 rows \(100%\)/);
    await screenshot('03-score-table');

    const written = (await page.evaluate(() => (window as unknown as StandInWindow).officeStandIn.table('Leads')))!;
    const column = (name: string) => written.rows.map((row) => row[written.header.indexOf(name)]);
    assert.deepEqual(written.header.slice(-3), ['Score', 'Grade', 'Reasons']);
    assert.ok(column('Score').every((score) => typeof score === 'number' && score >= 1 && score <= 99), 'every row has a score');
    assert.ok(column('Grade').every((grade) => /^[A-D]$/.test(String(grade))), 'every row has a grade');
    const withoutReasons = column('Reasons').filter((reasons) => !/\([+\u2212]\d+\)|^No field moved the score from the model's base score \(\d+\)$/.test(String(reasons)));
    assert.deepEqual(withoutReasons.slice(0, 5), [], 'every row has reasons with points');
    const stats = await page.evaluate(() => (window as unknown as StandInWindow).officeStandIn.stats);
    assert.equal(stats.largestWriteRows, 400, 'no batch wrote more than a chunk');

    // Through Excel's cells (date serials, empty cells, a renamed column) the leads score as they do sent straight to the API.
    const direct = scoreResponseSchema.parse(
      await expectJson(await api.request('/v1/score', { method: 'POST', key: scenario.workspace.users.analyst.key, json: { model: SCENARIO_MODEL, records: table.records.slice(0, 5) } }), 200),
    );
    assert.deepEqual(column('Score').slice(0, 5), direct.results.map((result) => result.score));

    await page.getByRole('button', { name: 'Score 1,000 rows' }).click();
    await page.locator('#score-summary').filter({ hasText: 'Updated the columns Score, Grade, Reasons' }).waitFor({ timeout: 60_000 });
    const rerun = (await page.evaluate(() => (window as unknown as StandInWindow).officeStandIn.table('Leads')))!;
    assert.deepEqual(rerun.header, written.header, 'a rerun adds no columns');
  });

  it('should push a table as a dataset and show its data-quality report and readiness', async () => {
    const { page, screenshot } = await open();
    await page.evaluate((data) => {
      const { officeStandIn } = window as unknown as StandInWindow;
      officeStandIn.addTable({ name: 'NewLeads', worksheet: 'Import', ...data });
      officeStandIn.select('NewLeads');
    }, excelData(leadTable(300, 32)));
    await signIn(page, scenario.workspace.users.analyst.key);
    await showScreen(page, 'Push data');
    await page.getByRole('button', { name: 'Use the selected table' }).click();
    await page.getByLabel('Dataset name').fill('Leads from Excel');
    await page.getByRole('button', { name: 'Push 300 rows' }).click();
    await page.locator('#push-result').filter({ hasText: 'Created dataset Leads from Excel, 300 rows' }).waitFor();
    await page.getByLabel('Outcome column').selectOption('IsConverted');
    await page.getByRole('button', { name: 'Check readiness' }).click();
    await page.locator('#readiness').waitFor();
    await screenshot('04-push-dataset-quality');
    const datasets = (await expectJson(await api.request('/v1/datasets', { key: scenario.workspace.users.rep.key }), 200)) as { items: { name: string; source: string; rowCount: number }[] };
    assert.deepEqual(
      datasets.items.filter((dataset) => dataset.name === 'Leads from Excel').map((dataset) => [dataset.rowCount]),
      [[300]],
    );
  });

  it('should show no decision buttons to an analyst, and the API should refuse one forced', async () => {
    const { page, screenshot } = await open();
    await signIn(page, scenario.workspace.users.analyst.key);
    await showScreen(page, 'Promotions');
    const card = page.locator('promotion-card');
    await card.getByRole('heading', { name: `${SCENARIO_MODEL}: version 2 as champion` }).waitFor();
    await card.getByText("Waiting for an admin's decision").waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Reject' }).count(), 0);
    await screenshot('05-promotions-analyst');

    const forced = await page.evaluate(
      async ({ url, key }) => {
        const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' });
        return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
      },
      { url: `${api.baseUrl}/v1/promotions/${scenario.pending.id}/approve`, key: scenario.workspace.users.analyst.key },
    );
    assert.equal(forced.status, 403);
    assert.equal(forced.body.error.code, 'forbidden');
    assert.match(forced.body.error.message, /your role is analyst/);
  });

  it('should show models with their versions, and let an admin approve a request with the evidence beside it, moving the alias', async () => {
    const { page, screenshot } = await open();
    await signIn(page, scenario.workspace.users.admin.key);
    await showScreen(page, 'Models');
    await page.locator('#versions').getByRole('rowheader', { name: /v1 champion/ }).waitFor();
    await screenshot('06-models');

    await showScreen(page, 'Promotions');
    const card = page.locator('promotion-card');
    await card.locator('calibration-chart svg circle').first().waitFor();
    assert.equal(await card.locator('lift-bars rect.bar-candidate').count(), 10);
    assert.equal(await card.locator('lift-bars rect.bar-current').count(), 10);
    assert.match(await card.locator('.evidence-metrics').innerText(), /Candidate v2\s+Current v1/);
    await card.getByText(/Asked by requester,/).waitFor();
    await screenshot('07-promotion-evidence');

    await card.getByLabel('Comment').fill('Better on recent leads; checked the calibration');
    if (!scenario.pending.policy.passed) await card.getByLabel('Override reason').fill('within noise of the champion');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.locator('#decision-outcome').filter({ hasText: 'champion now points at version 2' }).waitFor();
    const model = registeredModelSchema.parse(await expectJson(await api.request(`/v1/models/${encodeURIComponent(SCENARIO_MODEL)}`, { key: scenario.workspace.users.rep.key }), 200));
    assert.equal(model.aliases['champion'], 2);
    await screenshot('08-promotion-approved');
  });

  it("should show the requester their request's state, and drift as not available yet", async () => {
    const { page, screenshot } = await open();
    await signIn(page, scenario.requester.key);
    await showScreen(page, 'Promotions');
    const mine = page.locator('section[aria-labelledby="mine-heading"]');
    await mine.locator('promotion-card').filter({ hasText: 'version 2 as champion' }).getByText('approved', { exact: true }).first().waitFor();
    await mine.getByText(/Better on recent leads; checked the calibration/).waitFor();
    await screenshot('09-promotions-requester');

    await showScreen(page, 'Drift');
    assert.match(await page.locator('#drift-placeholder').innerText(), /Not available yet\. Scorebridge does not monitor drift yet/);
    await screenshot('10-drift-placeholder');
  });
});

function excelData({ header, rows, numberFormats }: ExcelTableData): ExcelTableData {
  return { header, rows, numberFormats };
}

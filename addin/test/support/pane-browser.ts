import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bundleOfficeStandIn } from './office-stand-in/bundle-stand-in.ts';

/** Debian's chromium (`apt-get install -y chromium`); playwright cannot download browsers here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-artifacts/addin/', import.meta.url));
const OFFICE_JS_PATTERN = 'https://appsforoffice.microsoft.com/**';
/** Chromium logs every 4xx answer as a console error; the pane shows those itself. */
const HTTP_CLIENT_ERROR_LOG = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** About the size of Excel's task pane on a laptop screen. */
const VIEWPORT = Object.freeze({ width: 380, height: 900 });
const SCREEN_HEIGHT = VIEWPORT.height;

let standInScript: Promise<string> | undefined;

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors of the page: a test expects none. */
  problems: string[];
  screenshot(name: string): Promise<string>;
}

/**
 * A fresh browser context (its own storage, as a new Office install) at a task pane's size, where
 * office.js is answered with the stand-in Office host: the host is in place before the add-in's
 * own scripts run, as office.js is in Excel.
 */
export async function openPane(browser: Browser, pageUrl: string): Promise<PaneSession> {
  const standIn = await (standInScript ??= bundleOfficeStandIn());
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.route(OFFICE_JS_PATTERN, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: standIn }));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !HTTP_CLIENT_ERROR_LOG.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  await page.goto(pageUrl);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      const file = `${SCREENSHOT_DIR}${name}.png`;
      for (const old of readdirSync(SCREENSHOT_DIR)) if (old.startsWith(`${name}.part-`)) rmSync(`${SCREENSHOT_DIR}${old}`);
      await page.screenshot({ path: file, fullPage: true });
      // A long page shrinks to illegibility in an image viewer: its parts are saved too, a screen each.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let part = 0; height > SCREEN_HEIGHT * 1.5 && part * SCREEN_HEIGHT < height; part++) {
        const clip = { x: 0, y: part * SCREEN_HEIGHT, width: VIEWPORT.width, height: Math.min(SCREEN_HEIGHT, height - part * SCREEN_HEIGHT) };
        await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.part-${part + 1}.png`, fullPage: true, clip });
      }
      return file;
    },
  };
}

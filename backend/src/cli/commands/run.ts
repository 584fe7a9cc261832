import { sideloadInstructions } from '../../addin-hosting/index.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { startScorebridge, type RunningScorebridge, type StartOptions } from '../../main.ts';
import { commandContext } from '../context.ts';

export type RunMode = 'start' | 'serve' | 'worker';

const MODES: Record<RunMode, Pick<StartOptions, 'api' | 'worker' | 'install'>> = {
  // Everything in one process, for a laptop: API, worker, and a demo workspace on first start.
  start: { api: true, worker: true, install: true },
  serve: { api: true, worker: false, install: false },
  worker: { api: false, worker: true, install: false },
};

/** Runs until SIGINT or SIGTERM, then shuts down gracefully; a second signal exits at once. */
export async function runServer(mode: RunMode): Promise<void> {
  const { config, logger } = commandContext('server');
  const running = await startScorebridge({ config, logger, ...MODES[mode] });
  if (mode === 'start') printWelcome(running, config);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new work, finishing what is in flight');
    void stopAndExit(running, logger);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function stopAndExit(running: RunningScorebridge, logger: Logger): Promise<void> {
  try {
    await running.stop();
    logger.info('stopped');
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}

function printWelcome(running: RunningScorebridge, config: Config): void {
  const url = running.url!;
  const lines = [
    '',
    `  Scorebridge is running at ${url}`,
    `  API documentation:  ${url}/docs`,
    `  Database:           ${running.embedded ? `embedded PostgreSQL, data in ${config.SCOREBRIDGE_DATA_DIR}` : 'DATABASE_URL'}`,
    ...(running.demoSalesforceUrl ? [`  Demo Salesforce:    a stand-in org at ${running.demoSalesforceUrl}, connected to the demo workspace (npx scorebridge crm status)`] : []),
    ...(running.addin ? sideloadInstructions(running.addin) : []),
  ];
  if (running.installation) {
    lines.push(
      '',
      '  A demo workspace was created, with generated leads and opportunities as datasets, a first',
      '  lead-conversion model training now (registered as "Lead conversion", a candidate until an',
      '  admin approves it: npx scorebridge models list), and an admin API key. The key is shown',
      '  this once; keep it safe:',
      '',
      `    ${running.installation.adminKey}`,
      '',
      `  Try: curl -H "Authorization: Bearer ${running.installation.adminKey}" ${url}/v1/datasets`,
      '       npx scorebridge score leads.csv --model "Lead conversion" --out scored.csv',
    );
  } else {
    lines.push('', '  Create an API key with: npm run scorebridge -- keys create --name "my laptop"');
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

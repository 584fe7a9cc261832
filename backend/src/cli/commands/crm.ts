import { readFileSync } from 'node:fs';
import { CRM_OBJECTS, connectSalesforceSchema, type CrmObject } from '@scorebridge/shared';
import { createCrmService, createLazyVault, DEFAULT_SYNC_SETTINGS, runSync } from '../../crm/index.ts';
import { findSyncRun } from '../../crm/sync-runs.repo.ts';
import { runWriteback, writebackSettings, type WritebackResult } from '../../crm/writeback/index.ts';
import type { Db } from '../../db/client.ts';
import { chooseWorkspace, CliError, cliActor, commandContext, withDatabase } from '../context.ts';
import { createProgress } from '../progress.ts';

export interface CrmConnectOptions {
  loginUrl: string;
  clientId: string;
  refreshToken?: string;
  clientSecret?: string;
  jwtKey?: string;
  username?: string;
  workspace?: string;
}

function crmService(config: ReturnType<typeof commandContext>['config'], db: Db, vault = createLazyVault(config)) {
  return createCrmService({
    db,
    vault,
    // The CLI runs syncs itself; it never queues one.
    jobQueue: { send: () => Promise.reject(new Error('the CLI does not queue jobs')) },
    loginUrlPolicy: { hosts: config.SALESFORCE_LOGIN_HOSTS, allowLoopback: config.SALESFORCE_ALLOW_LOOPBACK },
    apiVersion: config.SALESFORCE_API_VERSION,
  });
}

export async function crmConnect(options: CrmConnectOptions): Promise<void> {
  const viaRefreshToken = options.refreshToken !== undefined;
  const viaJwt = options.jwtKey !== undefined || options.username !== undefined;
  if (viaRefreshToken === viaJwt) throw new CliError('Give either --refresh-token [--client-secret] or --jwt-key <file> --username <user>');
  if (viaJwt && (!options.jwtKey || !options.username)) throw new CliError('The JWT bearer flow needs both --jwt-key <file> and --username <user>');
  let privateKey: string | undefined;
  if (options.jwtKey) {
    try {
      privateKey = readFileSync(options.jwtKey, 'utf8');
    } catch {
      throw new CliError(`Cannot read the private key file ${options.jwtKey}`);
    }
  }
  const parsed = connectSalesforceSchema.safeParse(
    viaRefreshToken
      ? { authFlow: 'refresh_token', loginUrl: options.loginUrl, clientId: options.clientId, refreshToken: options.refreshToken, ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}) }
      : { authFlow: 'jwt_bearer', loginUrl: options.loginUrl, clientId: options.clientId, username: options.username, privateKey },
  );
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => `--${String(issue.path.at(-1) ?? '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${issue.message}`).join('\n'));
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const connection = await crmService(config, db).connect(cliActor(workspace.id), parsed.data);
    process.stdout.write(`Connected workspace ${workspace.slug} to Salesforce at ${connection.instanceUrl} (${connection.authFlow.replace('_', ' ')}).\n`);
  });
}

/** Syncs in this process with a progress bar, object by object; a worker is not needed. */
export async function crmSync(options: { object?: string; full?: boolean; workspace?: string }): Promise<void> {
  const objects: CrmObject[] = options.object ? [parseObject(options.object)] : [...CRM_OBJECTS];
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db, sql }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const vault = createLazyVault(config);
    const crm = crmService(config, db, vault);
    for (const object of objects) {
      const run = await crm.createSyncRun(cliActor(workspace.id), { object, full: options.full ?? false });
      const progress = createProgress(`${object} sync`, 'records');
      const poll = setInterval(() => {
        findSyncRun(db, workspace.id, run.id).then(
          (current) => {
            if (current?.recordsTotal !== null && current?.recordsTotal !== undefined) progress.setTotal(current.recordsTotal);
            if (current) progress.update(current.recordsDone);
          },
          () => {},
        );
      }, 250);
      try {
        const done = await runSync({ db, sql, vault, logger, settings: DEFAULT_SYNC_SETTINGS }, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal);
        progress.update(done.recordsDone);
        progress.stop();
        process.stdout.write(
          `${object}: ${done.recordsDone} records fetched (${done.recordsDeleted} deleted) in ${done.mode === 'full' ? 'a full' : 'an incremental'} sync; snapshot dataset ${done.datasetId}.\n`,
        );
      } catch (error) {
        progress.stop();
        const message = error instanceof Error ? error.message : String(error);
        throw new CliError(`${object} sync failed: ${message}\nRun the same command again to resume from where it stopped.`);
      } finally {
        clearInterval(poll);
      }
    }
  });
}

/** Writes changed scores to Salesforce in this process, object by object, with a progress line; a worker is not needed. */
export async function crmWriteback(options: { object?: string; workspace?: string }): Promise<void> {
  const objects: CrmObject[] = options.object ? [parseObject(options.object)] : [...CRM_OBJECTS];
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db, sql }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const deps = { db, sql, vault: createLazyVault(config), logger, settings: DEFAULT_SYNC_SETTINGS };
    for (const object of objects) {
      const progress = createProgress(`${object} write-back`, 'records');
      let started = false;
      try {
        const result = await runWriteback(deps, { workspaceId: workspace.id, object }, {
          signal: new AbortController().signal,
          // A person asked: failed records with attempts left go now.
          settings: writebackSettings({ retryFailedNow: true }),
          onWait: () => process.stderr.write(`Another write-back of ${object} is running; waiting for it to finish.\n`),
          onProgress: (answered, toSend) => {
            if (!started) {
              progress.setTotal(toSend);
              started = true;
            }
            progress.update(answered);
          },
        });
        progress.stop();
        process.stdout.write(`${writebackSummary(result)}\n`);
      } catch (error) {
        progress.stop();
        const message = error instanceof Error ? error.message : String(error);
        throw new CliError(`${object} write-back failed: ${message}\nThe records not yet written stay pending; run the same command again once the cause is fixed.`);
      }
    }
  });
}

function writebackSummary(result: WritebackResult): string {
  if (!result.model) return `${result.object}: nothing to write (no model with a champion scores ${result.object}).`;
  const unchanged = result.unchanged > 0 ? `; ${result.unchanged} unchanged, marked written without a call` : '';
  if (!result.transport) return `${result.object} (${result.model.name}): no changed scores to write${unchanged}.`;
  const gone = result.gone > 0 ? ` (${result.gone} of them gone from Salesforce)` : '';
  const how = result.transport === 'bulk' ? `${result.requests} Bulk API ingest job${result.requests === 1 ? '' : 's'}` : `${result.requests} sObject Collections request${result.requests === 1 ? '' : 's'}`;
  return `${result.object} (${result.model.name}): ${result.written} written, ${result.failed} failed${gone}${unchanged}; ${how}.`;
}

export async function crmStatus(options: { workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const status = await crmService(config, db).status(workspace.id);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return;
    }
    const lines = [status.connection ? `Salesforce: ${status.connection.instanceUrl} (${status.connection.authFlow.replace('_', ' ')}, connected ${status.connection.updatedAt})` : 'Salesforce: not connected (scorebridge crm connect ...)'];
    for (const entry of status.objects) {
      const last = entry.lastRun ? `last sync ${entry.lastRun.status} at ${entry.lastRun.finishedAt ?? entry.lastRun.startedAt ?? entry.lastRun.createdAt}${entry.lastRun.error ? `: ${entry.lastRun.error.message}` : ''}` : 'never synced';
      lines.push(`${entry.object}: ${entry.records} records (${entry.deleted} deleted), changes up to ${entry.highWaterMark ?? '-'}, ${last}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

function parseObject(value: string): CrmObject {
  const match = CRM_OBJECTS.find((object) => object.toLowerCase() === value.toLowerCase());
  if (!match) throw new CliError(`--object must be one of ${CRM_OBJECTS.join(', ')} (got ${value})`);
  return match;
}

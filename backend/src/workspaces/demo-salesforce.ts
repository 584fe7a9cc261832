import { randomBytes } from 'node:crypto';
import type { Actor } from '../auth/principal.ts';
import { createCrmService } from '../crm/crm.service.ts';
import { findCrmConnection } from '../crm/crm-connections.repo.ts';
import type { CredentialVault } from '../crm/credential-vault.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../crm/salesforce-stand-in/index.ts';
import { syntheticOrgObjects } from '../crm/salesforce-stand-in/synthetic-org.ts';
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';

/** The demo org's connected app; a connection with this client id is the demo's to repoint. */
export const DEMO_SALESFORCE_CLIENT_ID = 'scorebridge-demo-org';

export interface DemoSalesforceDeps {
  db: Db;
  vault: CredentialVault;
  jobQueue: Pick<JobQueue, 'send'>;
  logger: Logger;
  apiVersion: string;
}

/**
 * For `npm start`: a Salesforce stand-in on loopback holding generated leads and opportunities,
 * connected to the demo workspace, so that `crm sync`, sync status and (later) score write-back can
 * be tried without an org. The stand-in lives in memory and on a new port each start, so the demo
 * connection is pointed at it again every time; a connection an admin made to a real org is left alone.
 */
export async function startDemoSalesforce(deps: DemoSalesforceDeps, workspaceId: string, { firstStart }: { firstStart: boolean }): Promise<SalesforceStandIn | undefined> {
  const existing = await findCrmConnection(deps.db, workspaceId);
  if (existing && existing.clientId !== DEMO_SALESFORCE_CLIENT_ID) return undefined;

  const refreshToken = randomBytes(24).toString('base64url');
  const standIn = await startSalesforceStandIn({
    host: '127.0.0.1',
    // The control API (fault injection) is for tests; the demo org does not offer it.
    controlApi: false,
    clientId: DEMO_SALESFORCE_CLIENT_ID,
    refreshTokens: [refreshToken],
    objects: syntheticOrgObjects({ leads: 3_000, opportunities: 2_000, seed: 20_261_127 }),
  });
  try {
    const actor: Actor = { workspaceId, userId: null, apiKeyId: null, label: 'installation', requestId: null };
    const crm = createCrmService({ ...deps, loginUrlPolicy: { hosts: [], allowLoopback: true } });
    await crm.connect(actor, { authFlow: 'refresh_token', loginUrl: standIn.loginUrl, clientId: DEMO_SALESFORCE_CLIENT_ID, refreshToken });
    if (firstStart) {
      for (const object of ['Lead', 'Opportunity'] as const) await crm.startSync(actor, { object, full: true });
    }
    deps.logger.info({ loginUrl: standIn.loginUrl }, 'demo Salesforce org (stand-in) connected to the demo workspace');
    return standIn;
  } catch (error) {
    await standIn.close();
    throw error;
  }
}

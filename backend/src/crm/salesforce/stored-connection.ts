import type { Connection } from 'jsforce';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import type { CredentialVault } from '../credential-vault.ts';
import { updateSealedSecrets, type CrmConnectionRow } from '../crm-connections.repo.ts';
import { withRetries, type RetryPolicy } from '../sync/retry.ts';
import { openSalesforceConnection, tokenGrant, type SalesforceSecrets } from './salesforce-connection.ts';
import { requestAccessToken } from './token-exchange.ts';

export interface StoredConnectionDeps {
  db: Db;
  vault: CredentialVault;
  logger: Logger;
  retry: RetryPolicy;
}

/**
 * A jsforce connection for a workspace's stored connection, with a valid session, whose renewed
 * tokens are sealed back into the row. Syncs and write-backs both open their org this way.
 */
export async function openStoredConnection({ db, vault, logger, retry }: StoredConnectionDeps, row: CrmConnectionRow): Promise<Connection> {
  const secrets = JSON.parse(vault.open(row.sealedSecrets, row.id)) as SalesforceSecrets;
  const settings = { loginUrl: row.loginUrl, instanceUrl: row.instanceUrl, authFlow: row.authFlow, clientId: row.clientId, username: row.username, apiVersion: row.apiVersion };
  const persist = (accessToken: string, instanceUrl: string) => {
    secrets.accessToken = accessToken;
    updateSealedSecrets(db, row.id, { sealedSecrets: vault.seal(JSON.stringify(secrets), row.id), instanceUrl }).catch((error: unknown) =>
      logger.warn({ err: error, connectionId: row.id }, 'could not store the renewed Salesforce session'),
    );
  };
  if (!secrets.accessToken || !row.instanceUrl) {
    const token = await withRetries(() => requestAccessToken(new URL(row.loginUrl), tokenGrant(settings, secrets)), { policy: retry });
    persist(token.access_token, token.instance_url);
    settings.instanceUrl = token.instance_url;
  }
  return openSalesforceConnection(settings, secrets, persist);
}

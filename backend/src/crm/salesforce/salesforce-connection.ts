import { Connection } from 'jsforce';
import { requestAccessToken, type TokenGrant } from './token-exchange.ts';

/** The secrets of a connection as sealed in `crm_connections.sealed_secrets`. */
export interface SalesforceSecrets {
  refreshToken?: string;
  clientSecret?: string;
  privateKey?: string;
  /** The last access token, kept so a restart does not need a new one. */
  accessToken?: string;
}

export interface SalesforceConnectionSettings {
  loginUrl: string;
  instanceUrl: string | null;
  authFlow: 'refresh_token' | 'jwt_bearer';
  clientId: string;
  username: string | null;
  apiVersion: string;
}

export function tokenGrant(settings: SalesforceConnectionSettings, secrets: SalesforceSecrets): TokenGrant {
  if (settings.authFlow === 'refresh_token') {
    if (!secrets.refreshToken) throw new Error('The stored connection has no refresh token; connect the org again');
    return { authFlow: 'refresh_token', clientId: settings.clientId, clientSecret: secrets.clientSecret, refreshToken: secrets.refreshToken };
  }
  if (!secrets.privateKey || !settings.username) throw new Error('The stored connection has no private key or username; connect the org again');
  return { authFlow: 'jwt_bearer', clientId: settings.clientId, username: settings.username, privateKey: secrets.privateKey };
}

/**
 * A jsforce connection that renews its own session: when Salesforce answers INVALID_SESSION_ID,
 * jsforce calls our refresh function (refresh token or a new JWT assertion, whichever the org was
 * connected with) and retries the request. `onNewAccessToken` persists the new token.
 */
export function openSalesforceConnection(
  settings: SalesforceConnectionSettings,
  secrets: SalesforceSecrets,
  onNewAccessToken: (accessToken: string, instanceUrl: string) => void,
): Connection {
  const grant = tokenGrant(settings, secrets);
  const connection = new Connection({
    loginUrl: settings.loginUrl,
    version: settings.apiVersion,
    ...(settings.instanceUrl ? { instanceUrl: settings.instanceUrl } : {}),
    ...(secrets.accessToken ? { accessToken: secrets.accessToken } : {}),
    refreshFn: (conn, callback) => {
      requestAccessToken(new URL(settings.loginUrl), grant).then(
        (token) => {
          conn.instanceUrl = token.instance_url;
          onNewAccessToken(token.access_token, token.instance_url);
          // jsforce's callback type wants its full TokenResponse; only the token is read from it.
          callback(undefined, token.access_token, token as never);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  return connection;
}

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { TokenRegistry } from './access-tokens.ts';
import { ApiUsage } from './api-usage.ts';
import { FaultController, type ActiveFault, type FaultSpec } from './faults.ts';
import { importConnectedAppKey } from './jwt-assertion.ts';
import type { OrgIdentity, StandInUrls } from './oauth.routes.ts';
import { RequestLog, type RequestLogEntry } from './request-log.ts';
import { normalizeId } from './salesforce-ids.ts';
import { createStandInApp } from './stand-in-app.ts';
import type { StandInOptions } from './stand-in-options.ts';
import { createStandInStore, loadOrgStore, type StandInStore } from './stand-in-store.ts';

/** A running stand-in and the handles tests and the demo drive it with. */
export interface SalesforceStandIn {
  /** Where OAuth flows go (`jsforce` `loginUrl`); also the `aud` JWT assertions must name. */
  readonly loginUrl: string;
  /** Where the REST and Bulk APIs are (`instance_url` of token responses). */
  readonly instanceUrl: string;
  readonly clientId: string;
  readonly username: string;
  readonly orgId: string;
  readonly userId: string;
  /** A fresh access token for the integration user, as if it had logged in. */
  issueAccessToken(): string;
  /** A new refresh token the token endpoint accepts from now on. */
  issueRefreshToken(): string;
  /** Ends every session, so the next call of every client gets INVALID_SESSION_ID. */
  expireAccessTokens(): void;
  readonly store: StandInStore;
  readonly faults: {
    add(spec: FaultSpec): ActiveFault;
    remove(id: string): boolean;
    clear(): void;
    list(): ActiveFault[];
  };
  readonly requestLog: { entries(): readonly RequestLogEntry[]; clear(): void };
  /** The daily API counter; set `used` or `limit` to move it. */
  readonly apiUsage: { used: number; limit: number };
  close(): Promise<void>;
}

/** Checks the scalar options; objects, keys and the clock are checked where they are used. */
const scalarOptionsSchema = z.looseObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  publicUrl: z.url().optional(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  username: z.string().min(3).optional(),
  refreshTokens: z.array(z.string().min(1)).optional(),
  apiLimit: z.number().int().positive().optional(),
  accessTokenTtlSeconds: z.number().positive().optional(),
  controlApi: z.boolean().optional(),
  requestLogSize: z.number().int().positive().optional(),
  bulk: z.object({ checksBeforeComplete: z.number().int().nonnegative().optional(), resultsPageSize: z.number().int().positive().optional() }).optional(),
});

/**
 * Starts a server that answers like a Salesforce org: OAuth token endpoint, REST query, describe,
 * sObject and composite updates, replication resources and Bulk API 2.0 jobs, closely enough for
 * unmodified jsforce. Its data lives in memory; faults can be injected at start or any time after.
 */
export async function startSalesforceStandIn(options: StandInOptions): Promise<SalesforceStandIn> {
  const parsed = scalarOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`Invalid stand-in options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  const clock = options.clock ?? (() => new Date());
  const store = loadOrgStore(options.objects, clock);
  const identity: OrgIdentity = {
    orgId: normalizeId('00D5S0000000001')!,
    userId: normalizeId('0055S0000000001')!,
    username: options.username ?? 'integration@stand-in.example',
  };
  const tokens = new TokenRegistry({ clock, ttlMs: (options.accessTokenTtlSeconds ?? 7200) * 1000, orgId: identity.orgId, refreshTokens: options.refreshTokens ?? [] });
  const usage = new ApiUsage(options.apiLimit ?? 1_000_000);
  const faults = new FaultController();
  for (const spec of options.faults ?? []) faults.add(spec);
  const log = new RequestLog(options.requestLogSize ?? 10_000);
  const urls: StandInUrls = { loginUrl: '', instanceUrl: '' };

  const app = createStandInApp({
    store,
    tokens,
    usage,
    faults,
    log,
    urls,
    identity,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    jwtKey: options.jwtPublicKey === undefined ? undefined : await importConnectedAppKey(options.jwtPublicKey),
    checksBeforeComplete: options.bulk?.checksBeforeComplete ?? 1,
    resultsPageSize: options.bulk?.resultsPageSize ?? Number.MAX_SAFE_INTEGER,
    controlApi: options.controlApi ?? true,
    startedAtMs: clock().getTime(),
  });
  const server = createServer(app);
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = (options.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  urls.loginUrl = base;
  urls.instanceUrl = base;

  return {
    loginUrl: base,
    instanceUrl: base,
    clientId: options.clientId,
    username: identity.username,
    orgId: identity.orgId,
    userId: identity.userId,
    issueAccessToken: () => tokens.issueAccessToken(identity.username).token,
    issueRefreshToken: () => tokens.issueRefreshToken(),
    expireAccessTokens: () => tokens.expireAccessTokens(),
    store: createStandInStore(store),
    faults,
    requestLog: log,
    apiUsage: usage,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

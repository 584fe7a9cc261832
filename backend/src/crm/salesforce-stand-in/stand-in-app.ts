import express, { type Express } from 'express';
import type { TokenRegistry } from './access-tokens.ts';
import { checkApiVersion, injectFaults, logRequests, meterApiUsage, requireSession } from './api-gate.ts';
import { resourceRoutes, versionsRoutes } from './api-resources.routes.ts';
import type { ApiUsage } from './api-usage.ts';
import { bulkIngestRoutes } from './bulk-ingest.routes.ts';
import { bulkQueryRoutes } from './bulk-query.routes.ts';
import { compositeRoutes } from './composite.routes.ts';
import { controlRoutes } from './control.routes.ts';
import type { FaultController } from './faults.ts';
import type { VerificationKey } from './jwt-assertion.ts';
import { oauthRoutes, type OrgIdentity, type StandInUrls } from './oauth.routes.ts';
import { QueryCursors } from './query-cursors.ts';
import type { OrgStore } from './record-store.ts';
import { replicationRoutes } from './replication.routes.ts';
import type { RequestLog } from './request-log.ts';
import { restQueryRoutes } from './rest-query.routes.ts';
import { notFound, salesforceErrorHandler, sendRestError } from './salesforce-errors.ts';
import { sobjectsRoutes } from './sobjects.routes.ts';

export interface StandInAppDeps {
  readonly store: OrgStore;
  readonly tokens: TokenRegistry;
  readonly usage: ApiUsage;
  readonly faults: FaultController;
  readonly log: RequestLog;
  readonly urls: StandInUrls;
  readonly identity: OrgIdentity;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly jwtKey: VerificationKey | undefined;
  readonly checksBeforeComplete: number;
  readonly resultsPageSize: number;
  readonly controlApi: boolean;
  readonly startedAtMs: number;
}

/**
 * The stand-in's HTTP surface. The control API comes first, so faults never hit it and the request
 * log shows only what clients did; then injected faults, the login host's OAuth endpoints, and the
 * versioned REST and Bulk API 2.0 resources behind version check, session and API limit.
 */
export function createStandInApp(deps: StandInAppDeps): Express {
  const { store, tokens, usage, faults, identity } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  if (deps.controlApi) {
    app.use('/__stand-in', controlRoutes({ faults, log: deps.log, usage, tokens, username: identity.username, instanceUrl: () => deps.urls.instanceUrl }));
  }
  app.use(logRequests(deps.log));
  app.use((_req, res, next) => {
    res.setHeader('Sforce-Limit-Info', usage.header());
    next();
  });
  app.use(injectFaults(faults, tokens));
  app.use(oauthRoutes({ clientId: deps.clientId, clientSecret: deps.clientSecret, identity, tokens, jwtKey: deps.jwtKey, clock: store.clock, urls: deps.urls }));
  app.use(versionsRoutes());

  const api = express.Router();
  api.use(resourceRoutes(usage, () => `${deps.urls.loginUrl}/id/${identity.orgId}/${identity.userId}`));
  // Replication routes first: `/sobjects/Lead/updated` must not be read as the record "updated".
  api.use(replicationRoutes(store, deps.startedAtMs));
  api.use(sobjectsRoutes(store));
  api.use(restQueryRoutes({ store, cursors: new QueryCursors(store.clock), faults }));
  api.use(compositeRoutes(store, faults));
  api.use(bulkQueryRoutes({ store, faults, userId: identity.userId, checksBeforeComplete: deps.checksBeforeComplete, resultsPageSize: deps.resultsPageSize }));
  api.use(bulkIngestRoutes({ store, faults, userId: identity.userId, checksBeforeComplete: deps.checksBeforeComplete }));
  app.use('/services/data/:version', checkApiVersion(), requireSession(tokens), meterApiUsage(usage), api);

  app.use((_req, res) => sendRestError(res, notFound()));
  app.use(salesforceErrorHandler());
  return app;
}

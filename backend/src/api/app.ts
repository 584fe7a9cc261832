import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { servingRoutes, type RouteContract } from '@scorebridge/shared';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { ADDIN_PATH, serveAddin } from '../addin-hosting/index.ts';
import { registerAuditRoutes } from '../audit/index.ts';
import {
  authenticate,
  createApiKeysService,
  createUsersService,
  registerApiKeyRoutes,
  registerMeRoutes,
  registerUserRoutes,
  type CachedCredential,
  type CredentialCache,
  type JwtVerifier,
} from '../auth/index.ts';
import type { Config } from '../config.ts';
import { createCrmService, registerCrmRoutes } from '../crm/index.ts';
import { createDatasetsService, registerDatasetRoutes, registerDatasetUploadRoute } from '../datasets/index.ts';
import { createRegistryService, registerRegistryRoutes } from '../registry/index.ts';
import {
  createRecordScoresService,
  registerServingRoutes,
  rescoreWhenChampionMoves,
  rescoreWhenRoutingChanges,
  scoreRecordsHandler,
  type ScoringEngine,
} from '../serving/index.ts';
import { createTrainingRunsService, registerTrainingRoutes } from '../training/runs/index.ts';
import type { CredentialVault } from '../crm/credential-vault.ts';
import type { Db, Sql } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import type { RouteSurface } from './bind-route.ts';
import { registerDocsRoutes } from './docs.routes.ts';
import { errorHandler, requireJsonBody, unknownRoute } from './error-handler.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { perCredentialRateLimit } from './rate-limit.ts';
import { requestLogFields, responseLogFields } from './request-log-fields.ts';
import { scoreFastPath } from './score-fast-path.ts';
import { registerSystemRoutes } from './system.routes.ts';
import type { VersionInfo } from './version-info.ts';

export interface AppDeps {
  config: Pick<
    Config,
    | 'CORS_ORIGINS'
    | 'BODY_LIMIT_BYTES'
    | 'IMPORT_MAX_BYTES'
    | 'RATE_LIMIT_MAX'
    | 'RATE_LIMIT_WINDOW_SECONDS'
    | 'SALESFORCE_LOGIN_HOSTS'
    | 'SALESFORCE_ALLOW_LOOPBACK'
    | 'SALESFORCE_API_VERSION'
    | 'SCORE_FAST_PATH'
  >;
  logger: Logger;
  db: Db;
  sql: Sql;
  jobQueue: Pick<JobQueue, 'isReachable' | 'send' | 'cancel'>;
  vault: CredentialVault;
  jwtVerifier: JwtVerifier;
  /** Shared with whatever keeps it fresh across processes (see clearOnCredentialChanges). */
  credentialCache: CredentialCache<CachedCredential>;
  version: VersionInfo;
  /** Per process, kept in step with the registry by whoever built it (see startScoringEngine). */
  scoring: ScoringEngine;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is sane, so one id follows a request across services. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The HTTP API. Public routes (health, readiness, version, docs) answer without a credential;
 * everything under `/v1` passes authentication, then the per-credential rate limit, then JSON body
 * parsing, in that order, so an anonymous caller cannot make us parse a large body. `POST
 * /v1/score` without an Origin header takes a fast path through the same steps (score-fast-path.ts).
 */
export function createApp({ config, logger, db, sql, jobQueue, vault, jwtVerifier, credentialCache, version, scoring }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: nothing caches them (they depend on the caller's credential, and most
  // are POSTs), and hashing every body cost about 11 µs a scoring request. The add-in's static
  // files keep theirs, which express.static makes on its own.
  app.set('etag', false);
  const securityHeaders = helmet();
  const corsHeaders = cors({
    origin: config.CORS_ORIGINS,
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  // What every `/v1` request passes before routing; a route whose body is a file stops after `gate`.
  const gate = [authenticate({ db, jwtVerifier, credentialCache, logger }), perCredentialRateLimit({ max: config.RATE_LIMIT_MAX, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS })];
  const jsonBody = [requireJsonBody, express.json({ limit: config.BODY_LIMIT_BYTES })];

  if (config.SCORE_FAST_PATH) {
    app.use(
      scoreFastPath({
        contract: servingRoutes.score,
        handler: scoreRecordsHandler(scoring),
        headerMiddlewares: [securityHeaders, corsHeaders],
        gate: [...gate, ...jsonBody],
        requestId,
        logger,
        errorHandler,
      }),
    );
  }
  app.use(
    pinoHttp({
      logger,
      genReqId: requestId,
      autoLogging: { ignore: (req) => req.url === '/health' },
      // Every line logged through req.log carries these, as do the score fast path's lines.
      serializers: { req: requestLogFields, res: responseLogFields },
    }),
  );
  // The add-in's pages are framed by Office: they get their own headers, not helmet's (addin-hosting/).
  app.use(ADDIN_PATH, serveAddin());
  app.use(securityHeaders);
  app.use(corsHeaders);

  const contracts: RouteContract[] = [];
  const publicSurface: RouteSurface = { router: express.Router(), contracts };
  const v1Surface: RouteSurface = { router: express.Router(), contracts };
  // Routes whose body is a file, not JSON: they sit behind authentication but before JSON parsing.
  const uploadSurface: RouteSurface = { router: express.Router(), contracts };

  const users = createUsersService({ db, credentialCache });
  const apiKeys = createApiKeysService({ db, credentialCache });
  const crm = createCrmService({
    db,
    vault,
    jobQueue,
    loginUrlPolicy: { hosts: config.SALESFORCE_LOGIN_HOSTS, allowLoopback: config.SALESFORCE_ALLOW_LOOPBACK },
    apiVersion: config.SALESFORCE_API_VERSION,
  });
  registerSystemRoutes(publicSurface, { sql, jobQueue, version });
  registerDocsRoutes(publicSurface, () => buildOpenApiDocument({ contracts, version: version.version }));
  registerMeRoutes(v1Surface, { db, users });
  registerUserRoutes(v1Surface, { users });
  registerApiKeyRoutes(v1Surface, { apiKeys });
  registerAuditRoutes(v1Surface, { db });
  registerCrmRoutes(v1Surface, { crm });
  const datasetDeps = { db, datasets: createDatasetsService({ db }), maxUploadBytes: config.IMPORT_MAX_BYTES };
  registerDatasetRoutes(v1Surface, datasetDeps);
  registerDatasetUploadRoute(uploadSurface, datasetDeps);
  registerTrainingRoutes(v1Surface, { trainingRuns: createTrainingRunsService({ db, jobQueue }) });
  registerRegistryRoutes(v1Surface, {
    registry: createRegistryService({ db, afterAliasMoved: rescoreWhenChampionMoves(jobQueue, logger), afterRoutingChanged: rescoreWhenRoutingChanges(jobQueue, logger) }),
  });
  registerServingRoutes(v1Surface, { engine: scoring, recordScores: createRecordScoresService({ db, engine: scoring }) });

  app.use(publicSurface.router);
  app.use('/v1', ...gate);
  app.use(uploadSurface.router);
  app.use('/v1', ...jsonBody);
  // Contracts carry full paths (`/v1/users`), so the router is mounted at the root, behind the gate above.
  app.use(v1Surface.router);
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}

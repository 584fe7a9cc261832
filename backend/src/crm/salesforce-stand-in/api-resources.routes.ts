import express, { type Router } from 'express';
import { API_VERSIONS, apiLocals, releaseLabel } from './api-gate.ts';
import type { ApiUsage } from './api-usage.ts';
import { sendJson } from './salesforce-errors.ts';

/** `GET /services/data`: the versions the org serves, oldest first. It needs no session. */
export function versionsRoutes(): Router {
  const router = express.Router();
  router.get(['/services/data', '/services/data/'], (_req, res) => {
    sendJson(
      res,
      200,
      API_VERSIONS.map((version) => ({ label: releaseLabel(version), url: `/services/data/v${version}`, version })),
    );
  });
  return router;
}

/** The version root (its resource directory) and the org's limits. */
export function resourceRoutes(usage: ApiUsage, identityUrl: () => string): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    const base = `/services/data/v${apiLocals(res).apiVersion}`;
    sendJson(res, 200, {
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      composite: `${base}/composite`,
      jobs: `${base}/jobs`,
      limits: `${base}/limits`,
      identity: identityUrl(),
    });
  });
  router.get('/limits', (_req, res) => {
    sendJson(res, 200, {
      DailyApiRequests: { Max: usage.limit, Remaining: Math.max(0, usage.limit - usage.used) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
    });
  });
  return router;
}

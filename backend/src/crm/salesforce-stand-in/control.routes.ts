import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { TokenRegistry } from './access-tokens.ts';
import type { ApiUsage } from './api-usage.ts';
import type { FaultController } from './faults.ts';
import type { RequestLog } from './request-log.ts';

export interface ControlDeps {
  readonly faults: FaultController;
  readonly log: RequestLog;
  readonly usage: ApiUsage;
  readonly tokens: TokenRegistry;
  readonly username: string;
  readonly instanceUrl: () => string;
}

const usageSchema = z.object({ used: z.number().int().nonnegative().optional(), limit: z.number().int().positive().optional() });

function fail(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}

/**
 * The stand-in's own API under `/__stand-in/`, for tests and demos driving it from another
 * process: faults, the request log, API usage and tokens. It has no authentication; the stand-in
 * listens on loopback by default and holds nothing but test data.
 */
export function controlRoutes(deps: ControlDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/faults', (_req, res) => {
    res.json(deps.faults.list());
  });
  router.post('/faults', (req, res) => {
    try {
      res.status(201).json(deps.faults.add(req.body));
    } catch (error) {
      fail(res, 400, (error as Error).message);
    }
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });
  router.delete('/faults/:id', (req, res) => {
    if (deps.faults.remove(req.params.id)) res.status(204).end();
    else fail(res, 404, `No fault ${req.params.id}`);
  });

  router.get('/requests', (_req, res) => {
    res.json(deps.log.entries());
  });
  router.delete('/requests', (_req, res) => {
    deps.log.clear();
    res.status(204).end();
  });

  router.get('/api-usage', (_req, res) => {
    res.json({ used: deps.usage.used, limit: deps.usage.limit });
  });
  router.put('/api-usage', (req, res) => {
    const parsed = usageSchema.safeParse(req.body);
    if (!parsed.success) {
      fail(res, 400, 'Send { used?, limit? } as whole numbers');
      return;
    }
    if (parsed.data.used !== undefined) deps.usage.used = parsed.data.used;
    if (parsed.data.limit !== undefined) deps.usage.limit = parsed.data.limit;
    res.json({ used: deps.usage.used, limit: deps.usage.limit });
  });

  router.post('/access-tokens', (_req, res) => {
    res.status(201).json({ access_token: deps.tokens.issueAccessToken(deps.username).token, instance_url: deps.instanceUrl() });
  });
  router.post('/access-tokens/expire', (_req, res) => {
    deps.tokens.expireAccessTokens();
    res.status(204).end();
  });
  router.post('/refresh-tokens', (_req, res) => {
    res.status(201).json({ refresh_token: deps.tokens.issueRefreshToken() });
  });

  router.use((_req, res) => fail(res, 404, 'No such control resource'));
  return router;
}

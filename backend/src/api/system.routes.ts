import { systemRoutes, type Readiness } from '@scorebridge/shared';
import type { Sql } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { bindRoute, type RouteSurface } from './bind-route.ts';
import type { VersionInfo } from './version-info.ts';

const CHECK_TIMEOUT_MS = 2_000;

export interface SystemRoutesDeps {
  sql: Sql;
  jobQueue: Pick<JobQueue, 'isReachable'>;
  version: VersionInfo;
}

export function registerSystemRoutes(surface: RouteSurface, { sql, jobQueue, version }: SystemRoutesDeps): void {
  bindRoute(surface, systemRoutes.health, () => ({ status: 'ok' as const }));

  bindRoute(surface, systemRoutes.ready, async ({ setStatus }) => {
    const [database, queue] = await Promise.all([
      check(async () => {
        await sql`select 1`;
      }),
      check(async () => {
        await jobQueue.isReachable();
      }),
    ]);
    const ready = database.status === 'ok' && queue.status === 'ok';
    if (!ready) setStatus(503);
    const body: Readiness = { status: ready ? 'ready' : 'not_ready', checks: { database, jobQueue: queue } };
    return body;
  });

  bindRoute(surface, systemRoutes.version, () => version);
}

async function check(probe: () => Promise<void>): Promise<Readiness['checks']['database']> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    // The message names the failure (refused, timed out) without connection details.
    return { status: 'failing', message: error instanceof Error ? error.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

import express, { type Request, type Response, type Router } from 'express';
import { apiLocals } from './api-gate.ts';
import type { FaultController } from './faults.ts';
import { parseLocator, type QueryCursor, type QueryCursors } from './query-cursors.ts';
import { buildProjection, projectRecord } from './record-projection.ts';
import type { OrgStore } from './record-store.ts';
import { ERROR_CODES, SalesforceApiError, sendJson } from './salesforce-errors.ts';
import { planQuery, runQuery } from './soql/soql-plan.ts';

/** Salesforce's batch sizes: 2,000 by default, and `Sforce-Query-Options: batchSize=N` between 200 and 2,000. */
const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;

function requestedBatchSize(req: Request): number | undefined {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match) return undefined;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

/** The error a page fails with under the queryFailsAfterPages fault. */
function pageFailure(status: number): SalesforceApiError {
  if (status === 400) return new SalesforceApiError(400, ERROR_CODES.invalidQueryLocator, 'invalid query locator');
  if (status >= 502 && status <= 504) return new SalesforceApiError(status, ERROR_CODES.serverUnavailable, 'Server is temporarily unavailable');
  return new SalesforceApiError(status, ERROR_CODES.unknownException, 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1234567)');
}

export interface RestQueryDeps {
  readonly store: OrgStore;
  readonly cursors: QueryCursors;
  readonly faults: FaultController;
}

/** One page of a cursor in Salesforce's QueryResult shape: totalSize, done, nextRecordsUrl, records. */
function sendPage(deps: RestQueryDeps, req: Request, res: Response, cursor: QueryCursor, offset: number): void {
  const failure = deps.faults.takePageFailure(req.method, req.path, cursor.pagesServed);
  if (failure !== undefined) {
    res.locals.fault = 'queryFailsAfterPages';
    throw pageFailure(failure);
  }
  const { apiVersion } = apiLocals(res);
  const batchSize = requestedBatchSize(req) ?? cursor.batchSize;
  const page = cursor.records.slice(offset, offset + batchSize);
  const next = offset + page.length;
  const done = next >= cursor.records.length;
  const schema = cursor.plan.records.schema;
  cursor.pagesServed += 1;
  sendJson(res, 200, {
    totalSize: cursor.records.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${apiVersion}/${cursor.resource}/${cursor.id}-${next}` }),
    records: page.map((record) => projectRecord(deps.store, schema, record, cursor.projection, apiVersion)),
  });
}

/** REST query and queryAll (deleted records included), and their queryMore pages. */
export function restQueryRoutes(deps: RestQueryDeps): Router {
  const router = express.Router();

  for (const resource of ['query', 'queryAll']) {
    router.get(`/${resource}`, (req, res) => {
      const soql = req.query.q;
      if (typeof soql !== 'string' || soql.trim() === '') throw new SalesforceApiError(400, ERROR_CODES.malformedQuery, 'A query string is required in the q parameter');
      const plan = planQuery(deps.store, soql);
      const matches = runQuery(plan, resource === 'queryAll');
      if (!plan.select) {
        sendJson(res, 200, { totalSize: matches.length, done: true, records: [] });
        return;
      }
      const cursor = deps.cursors.open({ plan, projection: buildProjection(plan.select), records: matches, resource, batchSize: requestedBatchSize(req) ?? DEFAULT_BATCH_SIZE });
      sendPage(deps, req, res, cursor, 0);
    });

    router.get(`/${resource}/:locator`, (req, res) => {
      const locator = parseLocator(req.params.locator);
      const cursor = locator ? deps.cursors.find(locator.cursorId) : undefined;
      if (!locator || !cursor || locator.offset > cursor.records.length) throw new SalesforceApiError(400, ERROR_CODES.invalidQueryLocator, 'invalid query locator');
      sendPage(deps, req, res, cursor, locator.offset);
    });
  }

  return router;
}

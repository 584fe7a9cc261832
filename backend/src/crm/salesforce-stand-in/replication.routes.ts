import express, { type Router } from 'express';
import type { ObjectRecords, OrgStore } from './record-store.ts';
import { formatSalesforceDateTime, parseDateTime, truncateToMinute } from './salesforce-datetime.ts';
import { ERROR_CODES, SalesforceApiError, sendJson } from './salesforce-errors.ts';
import { objectOrNotFound } from './sobjects.routes.ts';

/** Salesforce's replication limits: getUpdated looks back 30 days, getDeleted 15, and at most 600,000 ids. */
const UPDATED_LOOKBACK_DAYS = 30;
const DELETED_LOOKBACK_DAYS = 15;
const MAX_IDS = 600_000;
const DAY_MS = 86_400_000;

interface ReplicationWindow {
  startMs: number;
  endMs: number;
  /** The end actually covered: never later than now. */
  latestCoveredMs: number;
}

function invalidDate(message: string): SalesforceApiError {
  return new SalesforceApiError(400, ERROR_CODES.invalidReplicationDate, message);
}

/**
 * Reads `start` and `end` as Salesforce does: ISO 8601 datetimes whose seconds are ignored, start
 * before end, start within the look-back period. A `+` in an unencoded offset arrives as a space.
 */
function replicationWindow(query: Record<string, unknown>, now: number, lookbackDays: number): ReplicationWindow {
  const read = (name: string) => {
    const raw = query[name];
    const epochMs = typeof raw === 'string' ? parseDateTime(raw.replace(' ', '+')) : undefined;
    if (epochMs === undefined) throw new SalesforceApiError(400, ERROR_CODES.apiError, `${name}: a valid ISO 8601 date and time is required`);
    return truncateToMinute(epochMs);
  };
  const startMs = read('start');
  const endMs = read('end');
  if (startMs >= endMs) throw invalidDate('start date must chronologically precede end date by more than one minute');
  if (startMs < truncateToMinute(now) - lookbackDays * DAY_MS) throw invalidDate(`start date cannot be more than ${lookbackDays} days ago`);
  return { startMs, endMs, latestCoveredMs: Math.min(endMs, truncateToMinute(now)) };
}

/** Records whose SystemModstamp falls in [start, end), read from the modstamp index. */
function* changedBetween(records: ObjectRecords, window: ReplicationWindow) {
  const { index } = records;
  const end = index.lowerBound(formatSalesforceDateTime(window.endMs));
  for (let position = index.lowerBound(formatSalesforceDateTime(window.startMs)); position < end; position += 1) yield index.at(position)!;
}

/** sObject Get Updated and Get Deleted, the REST replication resources. */
export function replicationRoutes(store: OrgStore, startedAtMs: number): Router {
  const router = express.Router();

  router.get('/sobjects/:object/updated', (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    const window = replicationWindow(req.query as Record<string, unknown>, store.clock().getTime(), UPDATED_LOOKBACK_DAYS);
    const ids: string[] = [];
    for (const record of changedBetween(records, window)) {
      if (record.IsDeleted) continue;
      ids.push(record.Id);
      if (ids.length > MAX_IDS) throw new SalesforceApiError(400, ERROR_CODES.exceededIdLimit, `More than ${MAX_IDS} ids; choose start and end dates closer together`);
    }
    sendJson(res, 200, { ids, latestDateCovered: formatSalesforceDateTime(window.latestCoveredMs) });
  });

  router.get('/sobjects/:object/deleted', (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    const window = replicationWindow(req.query as Record<string, unknown>, store.clock().getTime(), DELETED_LOOKBACK_DAYS);
    const deletedRecords: { id: string; deletedDate: string }[] = [];
    for (const record of changedBetween(records, window)) {
      if (!record.IsDeleted) continue;
      deletedRecords.push({ id: record.Id, deletedDate: record.SystemModstamp });
      if (deletedRecords.length > MAX_IDS) throw new SalesforceApiError(400, ERROR_CODES.exceededIdLimit, `More than ${MAX_IDS} ids; choose start and end dates closer together`);
    }
    sendJson(res, 200, {
      deletedRecords,
      // Nothing has been purged from the stand-in's delete log since it started.
      earliestDateAvailable: formatSalesforceDateTime(truncateToMinute(startedAtMs)),
      latestDateCovered: formatSalesforceDateTime(window.latestCoveredMs),
    });
  });

  return router;
}

import express, { type Router } from 'express';
import { z } from 'zod';
import { apiLocals } from './api-gate.ts';
import type { SaveError } from './field-values.ts';
import type { FaultController } from './faults.ts';
import { recordUrl } from './record-projection.ts';
import type { ObjectRecords, OrgStore, StoredRecord } from './record-store.ts';
import { prepareUpdate } from './record-writes.ts';
import { ERROR_CODES, SalesforceApiError, sendJson } from './salesforce-errors.ts';
import { normalizeId } from './salesforce-ids.ts';

/** sObject Collections take at most 200 records per request. */
const MAX_RECORDS = 200;

const updateRequestSchema = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const retrieveRequestSchema = z.object({ ids: z.array(z.string()).min(1).max(2000), fields: z.array(z.string()).min(1) });

/** A SaveResult of sObject Collections: `id` when the record was found, `errors` with `statusCode`. */
interface SaveResult {
  id?: string;
  success: boolean;
  errors: SaveError[];
}

type Prepared = { records: ObjectRecords; record: StoredRecord } | { errors: SaveError[]; id?: string };

const ROLLED_BACK: SaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function badRequest(message: string, errorCode: string = ERROR_CODES.jsonParserError): SalesforceApiError {
  return new SalesforceApiError(400, errorCode, message);
}

/** Checks one record of the request; nothing is stored yet, so all-or-none needs no undo. */
function prepareRecord(store: OrgStore, raw: Record<string, unknown>): Prepared {
  const attributes = raw.attributes as { type?: unknown } | undefined;
  if (typeof attributes?.type !== 'string') throw badRequest('Each record must have attributes with a type');
  const records = store.object(attributes.type);
  if (!records) throw badRequest(`sObject type '${attributes.type}' is not supported.`, ERROR_CODES.invalidType);
  const rawId = raw.id ?? raw.Id;
  const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
  if (!id) return { errors: [{ statusCode: 'MALFORMED_ID', message: `${records.schema.label} ID: id value of incorrect type: ${String(rawId)}`, fields: ['Id'] }] };
  const existing = records.get(id);
  if (!existing) return { id, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
  const { id: _lowerId, Id: _upperId, ...changes } = raw;
  const result = prepareUpdate(store, records, existing, changes, 'api');
  if (result.kind === 'unknownField') throw badRequest(`No such column '${result.name}' on sobject of type ${records.schema.name}`, ERROR_CODES.invalidField);
  if (result.kind === 'errors') return { id, errors: result.errors };
  return { records, record: result.record };
}

/** sObject Collections: update up to 200 records at once, and retrieve records by id. */
export function compositeRoutes(store: OrgStore, faults: FaultController): Router {
  const router = express.Router();
  const json = express.json({ limit: '50mb' });

  router.patch('/composite/sobjects', json, (req, res) => {
    const parsed = updateRequestSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest('The request body must be { allOrNone?, records: [...] }');
    const { allOrNone = false, records } = parsed.data;
    if (records.length > MAX_RECORDS) throw badRequest(`Record limit reached. Cannot submit more than ${MAX_RECORDS} records into this call`, ERROR_CODES.exceededIdLimit);
    const prepared: Prepared[] = records.map((raw) => prepareRecord(store, raw));
    const injected = faults.takeRecordFailures(
      req.method,
      req.path,
      prepared.map((item) => ('record' in item ? item.record.Id : (item.id ?? ''))),
    );
    if (injected) res.locals.fault = 'recordFailures';
    const outcomes: Prepared[] = prepared.map((item, index) => {
      if (!injected?.failing.has(index) || !('record' in item)) return item;
      return { id: item.record.Id, errors: [{ statusCode: injected.statusCode, message: `${injected.message}: ${item.record.Id}`, fields: [] }] };
    });
    const anyFailed = outcomes.some((item) => 'errors' in item);
    const results: SaveResult[] = outcomes.map((item) => {
      if ('errors' in item) return { ...(item.id ? { id: item.id } : {}), success: false, errors: item.errors };
      if (allOrNone && anyFailed) return { id: item.record.Id, success: false, errors: [ROLLED_BACK] };
      item.records.put(item.record);
      return { id: item.record.Id, success: true, errors: [] };
    });
    sendJson(res, 200, results);
  });

  router.post('/composite/sobjects/:object', json, (req, res) => {
    const records = store.object(req.params.object as string);
    if (!records) throw new SalesforceApiError(404, ERROR_CODES.notFound, 'The requested resource does not exist');
    const parsed = retrieveRequestSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest('The request body must be { ids: [...], fields: [...] }');
    const fields = parsed.data.fields.map((name) => {
      const field = records.schema.field(name);
      if (!field) throw badRequest(`No such column '${name}' on sobject of type ${records.schema.name}`, ERROR_CODES.invalidField);
      return field;
    });
    const { apiVersion } = apiLocals(res);
    sendJson(
      res,
      200,
      parsed.data.ids.map((id) => {
        const record = records.get(id);
        if (!record || record.IsDeleted) return null;
        const body: Record<string, unknown> = { attributes: { type: records.schema.name, url: recordUrl(apiVersion, records.schema.name, record.Id) } };
        for (const field of fields) body[field.name] = record[field.name] ?? null;
        return body;
      }),
    );
  });

  return router;
}

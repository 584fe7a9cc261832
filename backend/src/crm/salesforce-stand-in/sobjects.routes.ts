import express, { type Router } from 'express';
import { apiLocals } from './api-gate.ts';
import { describeObject, describeObjectSummary } from './describe-result.ts';
import { recordUrl } from './record-projection.ts';
import type { ObjectRecords, OrgStore, StoredRecord } from './record-store.ts';
import { prepareUpdate } from './record-writes.ts';
import { ERROR_CODES, notFound, SalesforceApiError, sendJson } from './salesforce-errors.ts';

export function objectOrNotFound(store: OrgStore, name: string | undefined): ObjectRecords {
  const records = name ? store.object(name) : undefined;
  if (!records) throw notFound();
  return records;
}

/** A record as `GET /sobjects/{Object}/{id}` answers: every field, or those listed in `?fields=`. */
function recordBody(records: ObjectRecords, record: StoredRecord, fieldsParam: unknown, apiVersion: string): Record<string, unknown> {
  const { schema } = records;
  let fields = schema.fields;
  if (typeof fieldsParam === 'string' && fieldsParam.trim() !== '') {
    fields = fieldsParam.split(',').map((name) => {
      const field = schema.field(name.trim());
      if (!field) throw new SalesforceApiError(400, ERROR_CODES.invalidField, `No such column '${name.trim()}' on sobject of type ${schema.name}`);
      return field;
    });
  }
  const body: Record<string, unknown> = { attributes: { type: schema.name, url: recordUrl(apiVersion, schema.name, record.Id) } };
  for (const field of fields) body[field.name] = record[field.name] ?? null;
  return body;
}

/** describeGlobal, describe, and single records: read, and updated with PATCH (204, as Salesforce). */
export function sobjectsRoutes(store: OrgStore): Router {
  const router = express.Router();
  const json = express.json({ limit: '10mb' });

  router.get('/sobjects', (_req, res) => {
    const { apiVersion } = apiLocals(res);
    sendJson(res, 200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects: store.objects.map((records) => describeObjectSummary(records.schema, apiVersion)) });
  });

  router.get('/sobjects/:object', (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    sendJson(res, 200, { objectDescribe: describeObjectSummary(records.schema, apiLocals(res).apiVersion), recentItems: [] });
  });

  router.get('/sobjects/:object/describe', (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    sendJson(res, 200, describeObject(records.schema, apiLocals(res).apiVersion));
  });

  router.get('/sobjects/:object/:id', (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    const record = records.get(req.params.id);
    if (!record || record.IsDeleted) throw notFound();
    sendJson(res, 200, recordBody(records, record, req.query.fields, apiLocals(res).apiVersion));
  });

  router.patch('/sobjects/:object/:id', json, (req, res) => {
    const records = objectOrNotFound(store, req.params.object);
    const existing = records.get(req.params.id);
    if (!existing) throw notFound();
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new SalesforceApiError(400, ERROR_CODES.jsonParserError, 'The request body must be a JSON object of field values');
    }
    const result = prepareUpdate(store, records, existing, req.body as Record<string, unknown>, 'api');
    if (result.kind === 'unknownField') throw new SalesforceApiError(400, ERROR_CODES.invalidField, `No such column '${result.name}' on sobject of type ${records.schema.name}`);
    if (result.kind === 'errors') {
      // A deleted record is gone for REST: 404, with the save error that says why.
      sendJson(res, existing.IsDeleted ? 404 : 400, result.errors.map((error) => ({ message: error.message, errorCode: error.statusCode, fields: error.fields })));
      return;
    }
    records.put(result.record);
    res.status(204).end();
  });

  return router;
}

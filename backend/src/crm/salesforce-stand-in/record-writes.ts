import { coerceFieldValue, type SaveError } from './field-values.ts';
import type { ObjectRecords, OrgStore, StoredRecord } from './record-store.ts';
import { normalizeId } from './salesforce-ids.ts';
import type { SalesforceValue } from './stand-in-options.ts';

/**
 * Who is writing. The API may only write updateable fields and always gets fresh timestamps; the
 * test harness (the stand-in's `store`) may set anything, such as outcomes Salesforce computes
 * itself (IsConverted, IsWon) or a chosen SystemModstamp.
 */
export type WriteMode = 'api' | 'harness';

export type WriteResult =
  | { kind: 'ok'; record: StoredRecord }
  | { kind: 'errors'; errors: SaveError[] }
  /** A name that is no field of the object: Salesforce fails the whole request for it. */
  | { kind: 'unknownField'; name: string };

/** Keys of a REST record body that are not field values. */
const NON_FIELD_KEYS: ReadonlySet<string> = new Set(['attributes']);

function referenceError(store: OrgStore, referenceTo: readonly string[], id: string, fieldName: string): SaveError | undefined {
  const known = referenceTo.filter((name) => store.object(name));
  // A reference to an object the stand-in does not hold (OwnerId to User, say) cannot be checked.
  if (known.length === 0 || store.lookup(known, id)) return undefined;
  return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [fieldName] };
}

/** Checks and converts the given field values into `target`, collecting every save error. */
function applyValues(store: OrgStore, records: ObjectRecords, values: Readonly<Record<string, unknown>>, mode: WriteMode, target: Record<string, SalesforceValue>, errors: SaveError[]): WriteResult | undefined {
  for (const [name, raw] of Object.entries(values)) {
    if (NON_FIELD_KEYS.has(name)) continue;
    const field = records.schema.field(name);
    if (!field) return { kind: 'unknownField', name };
    if (field.name === 'Id') continue;
    if (mode === 'api' && !field.updateable) {
      errors.push({
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: [field.name],
      });
      continue;
    }
    const coerced = coerceFieldValue(field, raw);
    if (!coerced.ok) {
      errors.push(coerced.error);
      continue;
    }
    if (mode === 'api' && field.type === 'reference' && typeof coerced.value === 'string') {
      const error = referenceError(store, field.referenceTo, coerced.value, field.name);
      if (error) {
        errors.push(error);
        continue;
      }
    }
    target[field.name] = coerced.value;
  }
  return undefined;
}

/** A new record: missing ids, flags and timestamps are filled in; the API must send every required field. */
export function prepareInsert(store: OrgStore, records: ObjectRecords, values: Readonly<Record<string, unknown>>, mode: WriteMode): WriteResult {
  const target: Record<string, SalesforceValue> = {};
  const errors: SaveError[] = [];
  const stop = applyValues(store, records, values, mode, target, errors);
  if (stop) return stop;
  if (mode === 'api') {
    // Checkboxes default to false; every other required field must be sent when a client creates a record.
    const missing = records.schema.fields.filter((field) => field.createable && !field.nillable && field.type !== 'boolean' && target[field.name] === undefined).map((field) => field.name);
    if (missing.length > 0) errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing });
  }
  if (errors.length > 0) return { kind: 'errors', errors };
  const givenId = values.Id ?? values.id;
  const id = mode === 'harness' && typeof givenId === 'string' ? normalizeId(givenId) : records.newId();
  if (!id) return { kind: 'errors', errors: [{ statusCode: 'MALFORMED_ID', message: `malformed id ${String(givenId)}`, fields: ['Id'] }] };
  const now = store.timestamp();
  const created = typeof target.CreatedDate === 'string' ? target.CreatedDate : now;
  const modified = typeof target.LastModifiedDate === 'string' ? target.LastModifiedDate : created;
  const record = {
    ...target,
    Id: id,
    IsDeleted: target.IsDeleted === true,
    CreatedDate: created,
    LastModifiedDate: modified,
    SystemModstamp: typeof target.SystemModstamp === 'string' ? target.SystemModstamp : modified,
  };
  return { kind: 'ok', record };
}

/** The next version of `existing` with `changes` applied and the change stamped now. */
export function prepareUpdate(store: OrgStore, records: ObjectRecords, existing: StoredRecord, changes: Readonly<Record<string, unknown>>, mode: WriteMode): WriteResult {
  if (existing.IsDeleted) return { kind: 'errors', errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
  const target: Record<string, SalesforceValue> = { ...existing };
  const errors: SaveError[] = [];
  const stop = applyValues(store, records, changes, mode, target, errors);
  if (stop) return stop;
  if (errors.length > 0) return { kind: 'errors', errors };
  const now = store.timestamp();
  const explicit = (name: string) => mode === 'harness' && Object.keys(changes).some((key) => key.toLowerCase() === name.toLowerCase());
  const record = {
    ...target,
    Id: existing.Id,
    IsDeleted: false,
    LastModifiedDate: explicit('LastModifiedDate') ? (target.LastModifiedDate as string) : now,
    SystemModstamp: explicit('SystemModstamp') ? (target.SystemModstamp as string) : now,
  };
  return { kind: 'ok', record };
}

/** The deleted version of a record: Salesforce stamps the deletion, which is its deletedDate. */
export function prepareDelete(store: OrgStore, existing: StoredRecord): StoredRecord {
  const now = store.timestamp();
  return { ...existing, IsDeleted: true, SystemModstamp: now, LastModifiedDate: now };
}

import { buildObjectSchema } from './object-schema.ts';
import { createOrgStore, ObjectRecords, type OrgStore, type StoredRecord } from './record-store.ts';
import { prepareDelete, prepareInsert, prepareUpdate, type WriteResult } from './record-writes.ts';
import type { SalesforceRecordValues, StandInObjectDefinition } from './stand-in-options.ts';

/**
 * The stand-in's data as a test or the demo changes it between syncs. Every change stamps
 * SystemModstamp (unless the change sets it) so incremental syncs see it; deletion keeps the
 * record with IsDeleted = true, as Salesforce's recycle bin does, so queryAll and
 * `/deleted` report it.
 */
export interface StandInStore {
  objectNames(): string[];
  /** Adds a record; returns it with its Id, IsDeleted and timestamps. */
  insert(objectName: string, values: SalesforceRecordValues): SalesforceRecordValues;
  /** Changes fields of a live record; any declared field may be set, including read-only ones. */
  update(objectName: string, id: string, changes: SalesforceRecordValues): SalesforceRecordValues;
  delete(objectName: string, id: string): SalesforceRecordValues;
  /** A record by id, deleted ones included. */
  get(objectName: string, id: string): SalesforceRecordValues | undefined;
  count(objectName: string, options?: { includeDeleted?: boolean }): number;
  /** Records in SystemModstamp, Id order. */
  records(objectName: string, options?: { includeDeleted?: boolean }): Generator<SalesforceRecordValues>;
}

function describeFailure(objectName: string, result: Exclude<WriteResult, { kind: 'ok' }>): Error {
  if (result.kind === 'unknownField') return new Error(`${objectName} has no field ${result.name}`);
  return new Error(`${objectName}: ${result.errors.map((error) => `${error.statusCode}: ${error.message}`).join('; ')}`);
}

/** Reads the declared objects and their initial records into the org store. */
export function loadOrgStore(definitions: Readonly<Record<string, StandInObjectDefinition>>, clock: () => Date): OrgStore {
  const declared = Object.entries(definitions).map(([name, definition], index) => ({ definition, schema: buildObjectSchema(name, definition, index) }));
  // Fixtures are checked against an empty org: a harness insert needs only the schema, the clock and fresh ids.
  const empty = createOrgStore(declared.map(({ schema }) => new ObjectRecords(schema, [])), clock);
  const loaded = declared.map(({ definition, schema }, index) => {
    const draft = empty.objects[index]!;
    const initial: StoredRecord[] = [];
    for (const values of definition.records ?? []) {
      const result = prepareInsert(empty, draft, values, 'harness');
      if (result.kind !== 'ok') throw describeFailure(schema.name, result);
      initial.push(result.record);
    }
    return new ObjectRecords(schema, initial);
  });
  return createOrgStore(loaded, clock);
}

export function createStandInStore(store: OrgStore): StandInStore {
  const objectRecords = (name: string) => {
    const records = store.object(name);
    if (!records) throw new Error(`The stand-in has no object ${name}`);
    return records;
  };
  const live = (records: ObjectRecords, id: string) => {
    const record = records.get(id);
    if (!record || record.IsDeleted) throw new Error(`${records.schema.name} has no live record ${id}`);
    return record;
  };
  return {
    objectNames: () => store.objects.map((records) => records.schema.name),
    insert(objectName, values) {
      const records = objectRecords(objectName);
      const result = prepareInsert(store, records, values, 'harness');
      if (result.kind !== 'ok') throw describeFailure(records.schema.name, result);
      if (records.get(result.record.Id)) throw new Error(`${records.schema.name} already has a record ${result.record.Id}`);
      records.put(result.record);
      return { ...result.record };
    },
    update(objectName, id, changes) {
      const records = objectRecords(objectName);
      const result = prepareUpdate(store, records, live(records, id), changes, 'harness');
      if (result.kind !== 'ok') throw describeFailure(records.schema.name, result);
      records.put(result.record);
      return { ...result.record };
    },
    delete(objectName, id) {
      const records = objectRecords(objectName);
      const deleted = prepareDelete(store, live(records, id));
      records.put(deleted);
      return { ...deleted };
    },
    get(objectName, id) {
      const record = objectRecords(objectName).get(id);
      return record ? { ...record } : undefined;
    },
    count: (objectName, options = {}) => objectRecords(objectName).count(options.includeDeleted ?? false),
    *records(objectName, options = {}) {
      const { index } = objectRecords(objectName);
      for (let position = 0; position < index.length; position += 1) {
        const record = index.at(position)!;
        if (options.includeDeleted || !record.IsDeleted) yield { ...record };
      }
    },
  };
}

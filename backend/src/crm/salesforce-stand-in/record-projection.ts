import type { FieldSchema, ObjectSchema } from './object-schema.ts';
import type { OrgStore, StoredRecord } from './record-store.ts';
import { toBulkDateTime } from './salesforce-datetime.ts';
import { readPath, type ResolvedPath } from './soql/soql-paths.ts';

type ProjectionEntry =
  | { readonly kind: 'field'; readonly field: FieldSchema }
  | { readonly kind: 'relationship'; readonly key: string; readonly via: FieldSchema; readonly node: ProjectionNode };

/** What to write for one record of a query result, in the order the fields were selected. */
export interface ProjectionNode {
  readonly entries: ProjectionEntry[];
}

/** Groups selected paths by relationship: `Account.Industry, Account.Name` become one nested `Account`. */
export function buildProjection(select: readonly ResolvedPath[]): ProjectionNode {
  const root: ProjectionNode = { entries: [] };
  for (const path of select) {
    let node = root;
    for (const step of path.relationships) {
      let entry = node.entries.find((candidate) => candidate.kind === 'relationship' && candidate.key === step.name);
      if (!entry) {
        entry = { kind: 'relationship', key: step.name, via: step.via, node: { entries: [] } };
        node.entries.push(entry);
      }
      node = (entry as Extract<ProjectionEntry, { kind: 'relationship' }>).node;
    }
    node.entries.push({ kind: 'field', field: path.field });
  }
  return root;
}

export function recordUrl(apiVersion: string, objectName: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${objectName}/${id}`;
}

/**
 * A record as REST query results carry it: `attributes` first, then the selected fields, with each
 * relationship as a nested record of its own (or null when the reference is empty).
 */
export function projectRecord(store: OrgStore, schema: ObjectSchema, record: StoredRecord, node: ProjectionNode, apiVersion: string): Record<string, unknown> {
  const result: Record<string, unknown> = { attributes: { type: schema.name, url: recordUrl(apiVersion, schema.name, record.Id) } };
  for (const entry of node.entries) {
    if (entry.kind === 'field') {
      result[entry.field.name] = record[entry.field.name] ?? null;
      continue;
    }
    const id = record[entry.via.name];
    const parent = typeof id === 'string' ? store.lookup(entry.via.referenceTo, id) : undefined;
    result[entry.key] = parent ? projectRecord(store, parent.records.schema, parent.record, entry.node, apiVersion) : null;
  }
  return result;
}

/** A value as Bulk API 2.0 writes it into CSV: empty for null, `Z` datetimes. */
function bulkText(field: FieldSchema, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'datetime' && typeof value === 'string') return toBulkDateTime(value);
  return String(value);
}

/** A record as one row of a Bulk API 2.0 query result, one cell per selected path. */
export function csvCells(store: OrgStore, record: StoredRecord, select: readonly ResolvedPath[]): string[] {
  return select.map((path) => bulkText(path.field, readPath(store, record, path)));
}

import type { ObjectRecords, OrgStore, StoredRecord } from '../record-store.ts';
import { ERROR_CODES, SalesforceApiError } from '../salesforce-errors.ts';
import type { SalesforceValue } from '../stand-in-options.ts';
import type { SoqlCondition, SoqlQuery } from './soql-ast.ts';
import { compileCondition, type RecordPredicate } from './soql-conditions.ts';
import { malformedQuery, soqlErrorMessage } from './soql-lexer.ts';
import { parseSoql } from './soql-parser.ts';
import { readPath, resolvePath, type ResolvedPath } from './soql-paths.ts';

/** Bounds on SystemModstamp taken from the WHERE clause, so a query reads only its window of the index. */
interface ModstampWindow {
  from?: { modstamp: string; exclusive: boolean };
  to?: { modstamp: string; exclusive: boolean };
}

type Ordering = { kind: 'index'; descending: boolean } | { kind: 'sort'; compare: (a: StoredRecord, b: StoredRecord) => number };

/** A query checked against the schema and ready to run against the store, any number of times. */
export interface QueryPlan {
  readonly query: SoqlQuery;
  readonly records: ObjectRecords;
  /** Undefined for SELECT COUNT(). */
  readonly select: readonly ResolvedPath[] | undefined;
  readonly predicate: RecordPredicate | undefined;
  readonly window: ModstampWindow;
  readonly ordering: Ordering;
}

function modstampWindow(where: SoqlCondition | undefined): ModstampWindow {
  const window: ModstampWindow = {};
  const conjuncts = !where ? [] : where.kind === 'and' ? where.conditions : [where];
  for (const condition of conjuncts) {
    if (condition.kind !== 'compare' || condition.value.kind !== 'datetime' || condition.field.text.toLowerCase() !== 'systemmodstamp') continue;
    const modstamp = condition.value.value;
    const { operator } = condition;
    // A window only narrows the scan; the full predicate still runs, so one bound of each side is enough.
    if (!window.from && (operator === '>=' || operator === '>' || operator === '=')) window.from = { modstamp, exclusive: operator === '>' };
    if (!window.to && (operator === '<=' || operator === '<' || operator === '=')) window.to = { modstamp, exclusive: operator === '<' };
  }
  return window;
}

function compareValues(a: SalesforceValue, b: SalesforceValue, nullsLast: boolean): number {
  if (a === b) return 0;
  if (a === null) return nullsLast ? 1 : -1;
  if (b === null) return nullsLast ? -1 : 1;
  const left = typeof a === 'string' ? a.toLowerCase() : a;
  const right = typeof b === 'string' ? b.toLowerCase() : b;
  return left < right ? -1 : left > right ? 1 : 0;
}

function ordering(store: OrgStore, query: SoqlQuery, root: ObjectRecords): Ordering {
  const items = query.orderBy.map((item) => ({ ...item, path: resolvePath(store, root.schema, item.field, query.text) }));
  if (items.length === 0) return { kind: 'index', descending: false };
  const [first, second] = items;
  // The sync order (SystemModstamp, then Id, both the same way) is the index order: no sort at all.
  const byIndex =
    first!.path.text === 'SystemModstamp' &&
    (items.length === 1 || (items.length === 2 && second!.path.text === 'Id' && second!.descending === first!.descending));
  if (byIndex) return { kind: 'index', descending: first!.descending };
  return {
    kind: 'sort',
    compare: (a, b) => {
      for (const item of items) {
        const order = compareValues(readPath(store, a, item.path), readPath(store, b, item.path), item.nullsLast);
        if (order !== 0) return item.descending ? -order : order;
      }
      return 0;
    },
  };
}

/** Parses and checks SOQL against the stand-in's objects, failing as Salesforce fails. */
export function planQuery(store: OrgStore, soql: string): QueryPlan {
  const query = parseSoql(soql);
  const records = store.object(query.from.name);
  if (!records) {
    throw new SalesforceApiError(
      400,
      ERROR_CODES.invalidType,
      soqlErrorMessage(
        soql,
        query.from.offset,
        `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  let select: ResolvedPath[] | undefined;
  if (query.select.kind === 'fields') {
    select = [];
    const seen = new Set<string>();
    for (const path of query.select.fields) {
      const resolved = resolvePath(store, records.schema, path, soql);
      if (seen.has(resolved.text)) throw malformedQuery(soql, path.offset, `duplicate field selected: ${resolved.text}`);
      seen.add(resolved.text);
      select.push(resolved);
    }
  }
  return {
    query,
    records,
    select,
    predicate: query.where ? compileCondition(store, records.schema, soql, query.where) : undefined,
    window: modstampWindow(query.where),
    ordering: ordering(store, query, records),
  };
}

/**
 * The records a plan selects, after OFFSET and LIMIT. Deleted records only with `includeDeleted`
 * (queryAll). Index-ordered plans read only their SystemModstamp window and stop at the limit.
 */
export function runQuery(plan: QueryPlan, includeDeleted: boolean): StoredRecord[] {
  const { index } = plan.records;
  const { window, predicate, ordering: order, query } = plan;
  const start = window.from ? index.lowerBound(window.from.modstamp, window.from.exclusive) : 0;
  const end = window.to ? index.lowerBound(window.to.modstamp, !window.to.exclusive) : index.length;
  const skip = query.offset ?? 0;
  const wanted = order.kind === 'index' && query.limit !== undefined ? skip + query.limit : Number.POSITIVE_INFINITY;
  const matches: StoredRecord[] = [];
  const descending = order.kind === 'index' && order.descending;
  for (let step = 0; step < end - start && matches.length < wanted; step += 1) {
    const record = index.at(descending ? end - 1 - step : start + step)!;
    if ((includeDeleted || !record.IsDeleted) && (!predicate || predicate(record))) matches.push(record);
  }
  if (order.kind === 'sort') matches.sort(order.compare);
  return matches.slice(skip, query.limit === undefined ? undefined : skip + query.limit);
}

import type { FieldSchema, ObjectSchema } from '../object-schema.ts';
import type { OrgStore, StoredRecord } from '../record-store.ts';
import { ERROR_CODES, SalesforceApiError } from '../salesforce-errors.ts';
import type { SalesforceValue } from '../stand-in-options.ts';
import type { FieldPath } from './soql-ast.ts';
import { soqlErrorMessage } from './soql-lexer.ts';

/** A field path checked against the schema: the reference fields it goes through, then the field. */
export interface ResolvedPath {
  /** Canonical spelling, as Salesforce answers it: `Account.Industry` even when asked for `account.industry`. */
  readonly text: string;
  readonly relationships: readonly { readonly via: FieldSchema; readonly name: string; readonly target: ObjectSchema }[];
  readonly field: FieldSchema;
}

function invalidField(query: string, offset: number, detail: string): SalesforceApiError {
  return new SalesforceApiError(400, ERROR_CODES.invalidField, soqlErrorMessage(query, offset, detail));
}

/**
 * Resolves `Account.Industry` from an Opportunity: `Account` must be a relationship of the object,
 * leading to an object the stand-in holds, and `Industry` a field of that object. Unknown names
 * fail with Salesforce's INVALID_FIELD wording.
 */
export function resolvePath(store: OrgStore, root: ObjectSchema, path: FieldPath, query: string): ResolvedPath {
  let schema = root;
  const relationships: ResolvedPath['relationships'][number][] = [];
  for (const part of path.parts.slice(0, -1)) {
    const via = schema.relationship(part);
    const target = via?.referenceTo.map((name) => store.object(name)).find((records) => records !== undefined);
    if (!via || !target) {
      throw invalidField(
        query,
        path.offset,
        `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    relationships.push({ via, name: via.relationshipName!, target: target.schema });
    schema = target.schema;
  }
  const fieldName = path.parts.at(-1)!;
  const field = schema.field(fieldName);
  if (!field) {
    throw invalidField(
      query,
      path.offset,
      `No such column '${fieldName}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return { text: [...relationships.map((step) => step.name), field.name].join('.'), relationships, field };
}

/** The value at the end of a path; null when a reference on the way is empty or its parent is gone. */
export function readPath(store: OrgStore, record: StoredRecord, path: ResolvedPath): SalesforceValue {
  let current: StoredRecord = record;
  for (const { via } of path.relationships) {
    const id = current[via.name];
    if (typeof id !== 'string') return null;
    const parent = store.lookup(via.referenceTo, id);
    if (!parent) return null;
    current = parent.record;
  }
  return current[path.field.name] ?? null;
}

import { z } from 'zod';
import { BadRequestError } from '../../errors.ts';
import { SCORE_FIELD_DEFINITIONS } from '../writeback/score-fields.ts';

/** The parts of `GET /sobjects/{Object}/describe` that syncing needs, validated as they arrive. */
export const describeFieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  relationshipName: z.string().nullable().optional(),
  referenceTo: z.array(z.string()).optional(),
});

export const describeResultSchema = z.object({ name: z.string(), fields: z.array(describeFieldSchema) });

export type DescribeField = z.infer<typeof describeFieldSchema>;
export type DescribeResult = z.infer<typeof describeResultSchema>;

/** Field types that carry no scoring signal or cannot be selected as plain values. */
const UNSYNCED_TYPES = new Set(['base64', 'address', 'location', 'complexvalue', 'anyType', 'encryptedstring']);

/**
 * Scorebridge's own score fields, which the write-back fills: synced by default they would become
 * features, and a model retrained on them would learn from its own earlier scores.
 */
const OWN_SCORE_FIELDS: ReadonlySet<string> = new Set(SCORE_FIELD_DEFINITIONS.map((field) => field.name.toLowerCase()));

/** Fields every sync needs whatever the caller asked for: identity, change tracking, deletion. */
export const REQUIRED_FIELDS = Object.freeze(['Id', 'SystemModstamp', 'IsDeleted'] as const);

/** Account fields that describe an opportunity's customer, reached through the Account relationship. */
const RELATED_DEFAULTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Opportunity: ['Account.Industry', 'Account.AnnualRevenue', 'Account.NumberOfEmployees', 'Account.Type'],
});

/** What a Salesforce type becomes when read back from text (Bulk API results are CSV). */
export type ValueKind = 'number' | 'boolean' | 'datetime' | 'text';

export function valueKindOf(type: string): ValueKind {
  if (['double', 'currency', 'percent', 'int', 'long'].includes(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'datetime') return 'datetime';
  return 'text';
}

/** Objects reached through relationships, by relationship name (`Account`), for checking related fields. */
export type RelatedDescribes = ReadonlyMap<string, DescribeResult>;

/** The relationships whose objects `selectSyncFields` may need described, for requested or default related fields. */
export function relationshipsToDescribe(describe: DescribeResult, requested: readonly string[] | undefined): Map<string, string> {
  const wanted = new Set((requested ?? RELATED_DEFAULTS[describe.name] ?? []).filter((name) => name.includes('.')).map((name) => name.split('.')[0]!));
  const found = new Map<string, string>();
  for (const field of describe.fields) {
    if (field.relationshipName && wanted.has(field.relationshipName) && field.referenceTo?.[0]) found.set(field.relationshipName, field.referenceTo[0]);
  }
  return found;
}

/**
 * The fields to sync: those asked for, checked against describe (related fields against the
 * related object's describe), or by default every scalar field of the object (but Scorebridge's
 * own score fields) plus the usual related Account fields that the org has. Unknown names are a
 * 400 listing them all.
 */
export function selectSyncFields(describe: DescribeResult, requested: readonly string[] | undefined, related: RelatedDescribes = new Map()): string[] {
  const byName = new Map(describe.fields.map((field) => [field.name, field]));
  const relatedHas = (name: string) => {
    const [relationship, field] = name.split('.') as [string, string];
    return related.get(relationship)?.fields.some((candidate) => candidate.name === field) ?? false;
  };
  const chosen = requested ?? [
    ...describe.fields.filter((field) => !UNSYNCED_TYPES.has(field.type) && !OWN_SCORE_FIELDS.has(field.name.toLowerCase())).map((field) => field.name),
    ...(RELATED_DEFAULTS[describe.name] ?? []).filter(relatedHas),
  ];
  const unknown = chosen.filter((name) => (name.includes('.') ? !relatedHas(name) : !byName.has(name)));
  if (unknown.length > 0) {
    throw new BadRequestError(
      `${describe.name} has no field ${unknown.join(', ')}`,
      unknown.map((name) => ({ field: 'body.fields', message: `${name} is not a field of ${describe.name}` })),
    );
  }
  return [...new Set([...REQUIRED_FIELDS, ...chosen])];
}

/** Kinds per selected field, related fields typed from the related object's describe. */
export function valueKinds(describe: DescribeResult, fields: readonly string[], related: RelatedDescribes = new Map()): Map<string, ValueKind> {
  const typeOf = (name: string): string => {
    if (!name.includes('.')) return describe.fields.find((field) => field.name === name)?.type ?? 'string';
    const [relationship, field] = name.split('.') as [string, string];
    return related.get(relationship)?.fields.find((candidate) => candidate.name === field)?.type ?? 'string';
  };
  return new Map(fields.map((name) => [name, valueKindOf(typeOf(name))]));
}

/**
 * The dataset column type a Salesforce field type declares: picklists are categories, currency,
 * numbers and percentages numeric, dates and datetimes dates, ids identifiers. Free-text types are
 * left to inference, which tells a short category-like text from long free text.
 */
export function declaredColumnType(type: string): 'numeric' | 'categorical' | 'boolean' | 'date' | 'identifier' | undefined {
  if (['double', 'currency', 'percent', 'int', 'long'].includes(type)) return 'numeric';
  if (type === 'picklist' || type === 'multipicklist' || type === 'combobox') return 'categorical';
  if (type === 'boolean') return 'boolean';
  if (type === 'date' || type === 'datetime') return 'date';
  if (type === 'id' || type === 'reference') return 'identifier';
  return undefined;
}

/** Declared types of the synced fields, related ones typed from the related object's describe. */
export function declaredColumnTypes(describe: DescribeResult, fields: readonly string[], related: RelatedDescribes = new Map()): Record<string, ReturnType<typeof declaredColumnType> & string> {
  const types: Record<string, ReturnType<typeof declaredColumnType> & string> = {};
  for (const name of fields) {
    const [relationship, field] = name.includes('.') ? (name.split('.') as [string, string]) : [undefined, name];
    const source = relationship ? related.get(relationship) : describe;
    const declared = declaredColumnType(source?.fields.find((candidate) => candidate.name === field)?.type ?? '');
    if (declared) types[name] = declared;
  }
  return types;
}

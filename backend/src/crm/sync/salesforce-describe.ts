import { z } from 'zod';
import { BadRequestError } from '../../errors.ts';

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

/** Fields every sync needs whatever the caller asked for: identity, change tracking, deletion. */
export const REQUIRED_FIELDS = Object.freeze(['Id', 'SystemModstamp', 'IsDeleted'] as const);

/** Account fields that describe an opportunity's customer, reached through the Account relationship. */
const RELATED_DEFAULTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Opportunity: ['Account.Industry', 'Account.AnnualRevenue', 'Account.NumberOfEmployees', 'Account.Type'],
});

/** What a Salesforce type becomes when read back from text (Bulk API results are CSV). */
export type ValueKind = 'number' | 'boolean' | 'text';

export function valueKindOf(type: string): ValueKind {
  if (['double', 'currency', 'percent', 'int', 'long'].includes(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  return 'text';
}

/**
 * The fields to sync: those asked for, checked against describe, or by default every scalar field
 * of the object plus the usual related Account fields. Unknown names are a 400 listing them all.
 */
export function selectSyncFields(describe: DescribeResult, requested: readonly string[] | undefined): string[] {
  const byName = new Map(describe.fields.map((field) => [field.name, field]));
  const relationships = new Set(describe.fields.map((field) => field.relationshipName).filter((name): name is string => Boolean(name)));
  const chosen = requested ?? [...describe.fields.filter((field) => !UNSYNCED_TYPES.has(field.type)).map((field) => field.name), ...(RELATED_DEFAULTS[describe.name] ?? []).filter((name) => relationships.has(name.split('.')[0]!))];
  const unknown = chosen.filter((name) => (name.includes('.') ? !relationships.has(name.split('.')[0]!) : !byName.has(name)));
  if (unknown.length > 0) {
    throw new BadRequestError(
      `${describe.name} has no field ${unknown.join(', ')}`,
      unknown.map((name) => ({ field: 'body.fields', message: `${name} is not a field of ${describe.name}` })),
    );
  }
  return [...new Set([...REQUIRED_FIELDS, ...chosen])];
}

/** Kinds per selected field; related fields are read as text unless they are known numbers. */
export function valueKinds(describe: DescribeResult, fields: readonly string[]): Map<string, ValueKind> {
  const byName = new Map(describe.fields.map((field) => [field.name, field.type]));
  const relatedNumbers = new Set(['Account.AnnualRevenue', 'Account.NumberOfEmployees']);
  return new Map(fields.map((name) => [name, relatedNumbers.has(name) ? 'number' : valueKindOf(byName.get(name) ?? 'string')]));
}

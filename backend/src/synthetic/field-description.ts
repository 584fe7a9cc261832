/**
 * A field as Salesforce's `describe` reports it, reduced to what Scorebridge reads: the Salesforce
 * stand-in serves `describe` from these, and the CRM sync types its columns by them (picklists are
 * categorical; currency, double, int and percent numeric; date and datetime dates).
 */

export const SALESFORCE_FIELD_TYPES = Object.freeze([
  'id',
  'string',
  'picklist',
  'currency',
  'double',
  'int',
  'percent',
  'date',
  'datetime',
  'boolean',
  'email',
  'reference',
] as const);
export type SalesforceFieldType = (typeof SALESFORCE_FIELD_TYPES)[number];

export interface SalesforceFieldDescription {
  /** The API name, such as `LeadSource` or `Email_Opens__c`. */
  readonly name: string;
  readonly label: string;
  readonly type: SalesforceFieldType;
  /** Whether the field may be empty. */
  readonly nillable: boolean;
  /** Custom fields end in `__c`. */
  readonly custom: boolean;
  /** The active values, for picklists only. */
  readonly picklistValues?: readonly string[];
  /** For references: the object referred to and the name under which a query reaches it. */
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string;
}

export interface SalesforceObjectDescription {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  /** The first three characters of every id of this object. */
  readonly keyPrefix: string;
  readonly fields: readonly SalesforceFieldDescription[];
}

/** A field reached through a relationship, as a column of another object's records (`Account.Industry`). */
export interface RelationshipColumn {
  /** The column name: `<relationshipName>.<field>`. */
  readonly column: string;
  readonly relationshipName: string;
  readonly field: SalesforceFieldDescription;
}

import { STANDARD_KEY_PREFIXES } from './salesforce-ids.ts';
import type { StandInFieldDefinition, StandInFieldType, StandInObjectDefinition, StandInPicklistValue } from './stand-in-options.ts';

/** A picklist entry as `describe` lists it. */
export interface PicklistEntry {
  readonly active: boolean;
  readonly defaultValue: boolean;
  readonly label: string;
  readonly validFor: null;
  readonly value: string;
}

/** A field with every describe attribute the stand-in uses settled. */
export interface FieldSchema {
  readonly name: string;
  readonly type: StandInFieldType;
  readonly label: string;
  readonly nillable: boolean;
  readonly updateable: boolean;
  readonly createable: boolean;
  readonly custom: boolean;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly digits: number;
  readonly picklistValues: readonly PicklistEntry[];
  readonly restrictedPicklist: boolean;
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly calculated: boolean;
  readonly nameField: boolean;
  /** Active picklist values, for restricted picklists. */
  readonly allowedValues: ReadonlySet<string>;
}

export interface ObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly fields: readonly FieldSchema[];
  /** Field names are case-insensitive in SOQL and REST, as in Salesforce. */
  field(name: string): FieldSchema | undefined;
  /** The reference field a relationship name (`Account` of `AccountId`) goes through. */
  relationship(name: string): FieldSchema | undefined;
}

/**
 * Fields every Salesforce object has, whether or not the caller declared them. The server sets
 * them, so the API may never write them.
 */
const SYSTEM_FIELDS: readonly StandInFieldDefinition[] = Object.freeze([
  { name: 'Id', type: 'id', label: 'Record ID', nillable: false },
  { name: 'IsDeleted', type: 'boolean', label: 'Deleted', nillable: false },
  { name: 'CreatedDate', type: 'datetime', label: 'Created Date', nillable: false },
  { name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', nillable: false },
  { name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', nillable: false },
]);
const SYSTEM_FIELD_NAMES: ReadonlySet<string> = new Set(SYSTEM_FIELDS.map((field) => field.name));

const DEFAULT_LENGTHS: Partial<Record<StandInFieldType, number>> = Object.freeze({
  id: 18,
  reference: 18,
  string: 255,
  textarea: 32768,
  picklist: 255,
  multipicklist: 4099,
  email: 80,
  phone: 40,
  url: 255,
});

const NUMBER_SHAPES: Partial<Record<StandInFieldType, { precision: number; scale: number; digits: number }>> = Object.freeze({
  double: { precision: 18, scale: 0, digits: 0 },
  currency: { precision: 18, scale: 2, digits: 0 },
  percent: { precision: 5, scale: 2, digits: 0 },
  int: { precision: 0, scale: 0, digits: 9 },
});

const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `LeadSource` → "Lead Source", `Email_Opens__c` → "Email Opens". */
function labelFromName(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim();
}

/** "Opportunity" → "Opportunities", "Lead" → "Leads", "Address" → "Addresses". */
function pluralOf(label: string): string {
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/i.test(label)) return `${label}es`;
  return `${label}s`;
}

/** Salesforce's convention: `AccountId` is reached as `Account`, `Partner__c` as `Partner__r`. */
function defaultRelationshipName(fieldName: string): string | null {
  if (fieldName.endsWith('__c')) return `${fieldName.slice(0, -3)}__r`;
  if (fieldName.length > 2 && fieldName.endsWith('Id')) return fieldName.slice(0, -2);
  return null;
}

function picklistEntry(value: string | StandInPicklistValue): PicklistEntry {
  const entry = typeof value === 'string' ? { value } : value;
  return { active: entry.active ?? true, defaultValue: entry.defaultValue ?? false, label: entry.label ?? entry.value, validFor: null, value: entry.value };
}

function buildField(objectName: string, definition: StandInFieldDefinition): FieldSchema {
  if (!FIELD_NAME_PATTERN.test(definition.name)) throw new Error(`${objectName}: "${definition.name}" is not a field API name`);
  const system = SYSTEM_FIELD_NAMES.has(definition.name);
  const type = definition.type;
  if (type === 'reference' && !definition.referenceTo?.length) throw new Error(`${objectName}.${definition.name}: a reference field needs referenceTo`);
  const picklistValues = (definition.picklistValues ?? []).map(picklistEntry);
  const numberShape = NUMBER_SHAPES[type] ?? { precision: 0, scale: 0, digits: 0 };
  const writable = !system && !definition.calculated && type !== 'id';
  return {
    name: definition.name,
    type,
    label: definition.label ?? labelFromName(definition.name),
    // Checkboxes are never null in Salesforce; describe reports them as not nillable.
    nillable: type === 'boolean' || type === 'id' ? false : (definition.nillable ?? true),
    updateable: writable && (definition.updateable ?? true),
    createable: writable && (definition.createable ?? definition.updateable ?? true),
    custom: definition.custom ?? definition.name.endsWith('__c'),
    length: definition.length ?? DEFAULT_LENGTHS[type] ?? 0,
    precision: definition.precision ?? numberShape.precision,
    scale: definition.scale ?? numberShape.scale,
    digits: numberShape.digits,
    picklistValues,
    restrictedPicklist: definition.restrictedPicklist ?? false,
    referenceTo: type === 'reference' ? [...(definition.referenceTo ?? [])] : [],
    relationshipName: type === 'reference' ? (definition.relationshipName === undefined ? defaultRelationshipName(definition.name) : definition.relationshipName) : null,
    externalId: definition.externalId ?? false,
    unique: definition.unique ?? false,
    calculated: definition.calculated ?? false,
    nameField: definition.nameField ?? definition.name === 'Name',
    allowedValues: new Set(picklistValues.filter((entry) => entry.active).map((entry) => entry.value)),
  };
}

/** Puts the declared fields in describe order, adding the system fields that were not declared. */
function withSystemFields(declared: readonly StandInFieldDefinition[]): StandInFieldDefinition[] {
  const declaredByName = new Map(declared.map((field) => [field.name, field]));
  const system = (name: string) => {
    const builtIn = SYSTEM_FIELDS.find((field) => field.name === name)!;
    const own = declaredByName.get(name);
    if (own && own.type !== builtIn.type) throw new Error(`${name} must have type ${builtIn.type}, not ${own.type}`);
    return { ...builtIn, ...own, type: builtIn.type, nillable: false };
  };
  const rest = declared.filter((field) => !SYSTEM_FIELD_NAMES.has(field.name));
  return [system('Id'), system('IsDeleted'), ...rest, system('CreatedDate'), system('LastModifiedDate'), system('SystemModstamp')];
}

export function buildObjectSchema(name: string, definition: StandInObjectDefinition, customIndex: number): ObjectSchema {
  if (!FIELD_NAME_PATTERN.test(name)) throw new Error(`"${name}" is not an object API name`);
  const fields = withSystemFields(definition.fields).map((field) => buildField(name, field));
  const byLowerName = new Map<string, FieldSchema>();
  const byRelationship = new Map<string, FieldSchema>();
  for (const field of fields) {
    const key = field.name.toLowerCase();
    if (byLowerName.has(key)) throw new Error(`${name} declares the field ${field.name} twice`);
    byLowerName.set(key, field);
    if (field.relationshipName) byRelationship.set(field.relationshipName.toLowerCase(), field);
  }
  const custom = name.endsWith('__c');
  return {
    name,
    label: definition.label ?? labelFromName(name),
    labelPlural: definition.labelPlural ?? pluralOf(definition.label ?? labelFromName(name)),
    keyPrefix: definition.keyPrefix ?? STANDARD_KEY_PREFIXES[name] ?? `a0${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[customIndex % 36]}`,
    custom,
    fields,
    field: (fieldName) => byLowerName.get(fieldName.toLowerCase()),
    relationship: (relationshipName) => byRelationship.get(relationshipName.toLowerCase()),
  };
}

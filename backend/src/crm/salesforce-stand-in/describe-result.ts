import type { FieldSchema, ObjectSchema } from './object-schema.ts';

const SOAP_TYPES: Readonly<Record<FieldSchema['type'], string>> = Object.freeze({
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
});

function objectUrls(schema: ObjectSchema, apiVersion: string): Record<string, string> {
  const base = `/services/data/v${apiVersion}/sobjects/${schema.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** A field as `describe` lists it, with the attributes Salesforce always includes. */
export function describeField(field: FieldSchema): Record<string, unknown> {
  const text = field.type !== 'boolean' && field.type !== 'int' && field.type !== 'double' && field.type !== 'currency' && field.type !== 'percent' && field.type !== 'date' && field.type !== 'datetime';
  return {
    aggregatable: field.type !== 'textarea',
    autoNumber: false,
    byteLength: text ? field.length * 3 : 0,
    calculated: field.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === 'boolean' ? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: field.type === 'boolean' || field.type === 'id' || ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'].includes(field.name),
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.digits,
    externalId: field.externalId,
    filterable: field.type !== 'textarea',
    groupable: !['textarea', 'double', 'currency', 'percent', 'datetime'].includes(field.type),
    htmlFormatted: false,
    idLookup: field.type === 'id' || field.externalId,
    inlineHelpText: null,
    label: field.label,
    length: field.length,
    name: field.name,
    nameField: field.nameField,
    namePointing: false,
    nillable: field.nillable,
    permissionable: field.nillable && !field.calculated,
    picklistValues: field.picklistValues,
    polymorphicForeignKey: field.referenceTo.length > 1,
    precision: field.precision,
    referenceTargetField: null,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedPicklist: field.restrictedPicklist,
    scale: field.scale,
    soapType: SOAP_TYPES[field.type],
    sortable: field.type !== 'textarea' && field.type !== 'multipicklist',
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

/** The object-level attributes shared by describe, describeGlobal and the basic info resource. */
export function describeObjectSummary(schema: ObjectSchema, apiVersion: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: true,
    custom: schema.custom,
    customSetting: false,
    deletable: true,
    deprecatedAndHidden: false,
    feedEnabled: false,
    keyPrefix: schema.keyPrefix,
    label: schema.label,
    labelPlural: schema.labelPlural,
    layoutable: true,
    mergeable: false,
    mruEnabled: true,
    name: schema.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls: objectUrls(schema, apiVersion),
  };
}

/** The answer of `GET /sobjects/{Object}/describe`. */
export function describeObject(schema: ObjectSchema, apiVersion: string): Record<string, unknown> {
  return {
    ...describeObjectSummary(schema, apiVersion),
    childRelationships: [],
    fields: schema.fields.map(describeField),
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }],
  };
}

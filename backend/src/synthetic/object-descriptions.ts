/**
 * The `describe` of each synthetic object and the column order of its records. Fields that only a
 * planted flaw adds (the constant, near-constant and leakage columns) are described only when that
 * flaw is on, so that a describe never names a field the records lack.
 */
import type { RelationshipColumn, SalesforceFieldDescription, SalesforceObjectDescription } from './field-description.ts';
import {
  CURRENCY_ISO_CODES,
  FORECAST_CATEGORIES,
  INDUSTRIES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  RATINGS,
} from './picklists.ts';
import type { QuirkOptions } from './quirk-options.ts';
import { KEY_PREFIXES } from './salesforce-id.ts';
import type { SyntheticObjectName } from './synthetic-options.ts';

type FieldShape = Omit<SalesforceFieldDescription, 'custom'>;

function field(shape: FieldShape): SalesforceFieldDescription {
  return Object.freeze({ ...shape, custom: shape.name.endsWith('__c') });
}

const ID = field({ name: 'Id', label: 'Record ID', type: 'id', nillable: false });
const CREATED_DATE = field({ name: 'CreatedDate', label: 'Created Date', type: 'datetime', nillable: false });
const SYSTEM_MODSTAMP = field({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', nillable: false });
const LEAD_SOURCE = field({ name: 'LeadSource', label: 'Lead Source', type: 'picklist', nillable: true, picklistValues: LEAD_SOURCES });
const INDUSTRY = field({ name: 'Industry', label: 'Industry', type: 'picklist', nillable: true, picklistValues: INDUSTRIES });
const ANNUAL_REVENUE = field({ name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', nillable: true });
const NUMBER_OF_EMPLOYEES = field({ name: 'NumberOfEmployees', label: 'Employees', type: 'int', nillable: true });
const CURRENCY_ISO_CODE = field({ name: 'CurrencyIsoCode', label: 'Currency ISO Code', type: 'picklist', nillable: false, picklistValues: CURRENCY_ISO_CODES });

const LEAD_FIELDS = Object.freeze([
  ID,
  field({ name: 'FirstName', label: 'First Name', type: 'string', nillable: true }),
  field({ name: 'LastName', label: 'Last Name', type: 'string', nillable: false }),
  field({ name: 'Email', label: 'Email', type: 'email', nillable: true }),
  field({ name: 'Company', label: 'Company', type: 'string', nillable: false }),
  field({ name: 'Title', label: 'Title', type: 'string', nillable: true }),
  LEAD_SOURCE,
  INDUSTRY,
  field({ name: 'Rating', label: 'Rating', type: 'picklist', nillable: true, picklistValues: RATINGS }),
  ANNUAL_REVENUE,
  NUMBER_OF_EMPLOYEES,
  field({ name: 'Country', label: 'Country', type: 'string', nillable: true }),
  field({ name: 'State', label: 'State/Province', type: 'string', nillable: true }),
  field({ name: 'Status', label: 'Lead Status', type: 'picklist', nillable: false, picklistValues: LEAD_STATUSES }),
  field({ name: 'IsConverted', label: 'Converted', type: 'boolean', nillable: false }),
  CREATED_DATE,
  field({ name: 'LastActivityDate', label: 'Last Activity', type: 'date', nillable: true }),
  SYSTEM_MODSTAMP,
  field({ name: 'Email_Opens__c', label: 'Email Opens', type: 'double', nillable: true }),
  field({ name: 'Web_Visits__c', label: 'Web Visits', type: 'double', nillable: true }),
]);

const OPPORTUNITY_FIELDS = Object.freeze([
  ID,
  field({ name: 'AccountId', label: 'Account ID', type: 'reference', nillable: true, referenceTo: ['Account'], relationshipName: 'Account' }),
  field({ name: 'Name', label: 'Name', type: 'string', nillable: false }),
  field({ name: 'StageName', label: 'Stage', type: 'picklist', nillable: false, picklistValues: Object.keys(OPPORTUNITY_STAGES) }),
  field({ name: 'Amount', label: 'Amount', type: 'currency', nillable: true }),
  field({ name: 'Probability', label: 'Probability (%)', type: 'percent', nillable: true }),
  field({ name: 'CloseDate', label: 'Close Date', type: 'date', nillable: false }),
  field({ name: 'Type', label: 'Opportunity Type', type: 'picklist', nillable: true, picklistValues: OPPORTUNITY_TYPES }),
  LEAD_SOURCE,
  field({ name: 'ForecastCategoryName', label: 'Forecast Category', type: 'picklist', nillable: true, picklistValues: FORECAST_CATEGORIES }),
  field({ name: 'IsClosed', label: 'Closed', type: 'boolean', nillable: false }),
  field({ name: 'IsWon', label: 'Won', type: 'boolean', nillable: false }),
  CREATED_DATE,
  SYSTEM_MODSTAMP,
]);

const ACCOUNT_FIELDS = Object.freeze([ID, field({ name: 'Name', label: 'Account Name', type: 'string', nillable: false }), INDUSTRY, ANNUAL_REVENUE, NUMBER_OF_EMPLOYEES]);

/** The Account fields every opportunity record carries, flattened the way a SOQL relationship query names them. */
export const OPPORTUNITY_ACCOUNT_COLUMNS: readonly RelationshipColumn[] = Object.freeze(
  [INDUSTRY, ANNUAL_REVENUE, NUMBER_OF_EMPLOYEES].map((accountField) => Object.freeze({ column: `Account.${accountField.name}`, relationshipName: 'Account', field: accountField })),
);

function optionalFields(object: SyntheticObjectName, quirks: QuirkOptions): SalesforceFieldDescription[] {
  const fields: SalesforceFieldDescription[] = [];
  if (quirks.constantColumn) fields.push(CURRENCY_ISO_CODE);
  if (quirks.nearConstantColumn > 0) {
    fields.push(
      object === 'Lead'
        ? field({ name: 'HasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean', nillable: false })
        : field({ name: 'IsPrivate', label: 'Private', type: 'boolean', nillable: false }),
    );
  }
  if (quirks.leakageColumn) {
    fields.push(
      object === 'Lead'
        ? field({ name: 'Converted_Date__c', label: 'Converted Date', type: 'date', nillable: true })
        : field({ name: 'Contract_Signed__c', label: 'Contract Signed', type: 'boolean', nillable: false }),
    );
  }
  return fields;
}

export function describeSyntheticObject(object: SyntheticObjectName | 'Account', quirks: QuirkOptions): SalesforceObjectDescription {
  if (object === 'Account') {
    return Object.freeze({ name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: KEY_PREFIXES.Account, fields: ACCOUNT_FIELDS });
  }
  const base = object === 'Lead' ? LEAD_FIELDS : OPPORTUNITY_FIELDS;
  return Object.freeze({
    name: object,
    label: object,
    labelPlural: object === 'Lead' ? 'Leads' : 'Opportunities',
    keyPrefix: KEY_PREFIXES[object],
    fields: Object.freeze([...base, ...optionalFields(object, quirks)]),
  });
}

/**
 * The keys of a generated record in order, which are also the columns of its table form: the
 * object's own fields, then (for opportunities) the Account fields, then the fields flaws add.
 * The true probability is not among them; it is no Salesforce field.
 */
export function syntheticColumns(object: SyntheticObjectName, quirks: QuirkOptions): string[] {
  const base = (object === 'Lead' ? LEAD_FIELDS : OPPORTUNITY_FIELDS).map((each) => each.name);
  const relationship = object === 'Opportunity' ? OPPORTUNITY_ACCOUNT_COLUMNS.map((each) => each.column) : [];
  return [...base, ...relationship, ...optionalFields(object, quirks).map((each) => each.name)];
}

/**
 * Generated records, typed the way Salesforce's REST API returns them in JSON: numbers, booleans,
 * ISO date and datetime strings, and null for empty fields. Picklist fields are plain strings
 * because the flaws put misspellings and placeholders into them. Fields only a flaw adds are
 * optional. Records are shared with the generator's duplicate window: do not mutate them.
 */

/** Not a Salesforce field: the probability from which the record's outcome was drawn. */
export const TRUE_PROBABILITY_FIELD = '__trueProbability';

export type SalesforceValue = string | number | boolean | null;

export type SyntheticLead = {
  Id: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Company: string;
  Title: string | null;
  LeadSource: string | null;
  Industry: string | null;
  Rating: string | null;
  AnnualRevenue: number | null;
  NumberOfEmployees: number | null;
  Country: string | null;
  State: string | null;
  Status: string;
  IsConverted: boolean;
  CreatedDate: string;
  LastActivityDate: string | null;
  SystemModstamp: string;
  Email_Opens__c: number | null;
  Web_Visits__c: number | null;
  CurrencyIsoCode?: string;
  HasOptedOutOfEmail?: boolean;
  Converted_Date__c?: string | null;
  [TRUE_PROBABILITY_FIELD]: number;
};

export type SyntheticOpportunity = {
  Id: string;
  AccountId: string;
  Name: string;
  StageName: string;
  Amount: number | null;
  Probability: number;
  CloseDate: string;
  Type: string | null;
  LeadSource: string | null;
  ForecastCategoryName: string;
  IsClosed: boolean;
  IsWon: boolean;
  CreatedDate: string;
  SystemModstamp: string;
  'Account.Industry': string | null;
  'Account.AnnualRevenue': number | null;
  'Account.NumberOfEmployees': number | null;
  CurrencyIsoCode?: string;
  IsPrivate?: boolean;
  Contract_Signed__c?: boolean;
  [TRUE_PROBABILITY_FIELD]: number;
};

export type SyntheticRecordByObject = {
  Lead: SyntheticLead;
  Opportunity: SyntheticOpportunity;
};

export type SyntheticRecord = SyntheticLead | SyntheticOpportunity;

/** The outcome a model learns: converted for leads, won for closed opportunities; null while an opportunity is open. */
export function outcomeOf(record: SyntheticRecord): boolean | null {
  if ('IsConverted' in record) return record.IsConverted;
  return record.IsClosed ? record.IsWon : null;
}

/**
 * Fields that are the outcome or are set together with it, which no model may use as inputs: a
 * converted lead's Status is 'Closed - Converted'; a closed opportunity's stage, probability and
 * forecast category say whether it was won. A data-quality report rightly flags them as leakage
 * whether or not the planted leakage column is on.
 */
export const OUTCOME_FIELDS = Object.freeze({
  Lead: Object.freeze(['IsConverted', 'Status']),
  Opportunity: Object.freeze(['IsWon', 'IsClosed', 'StageName', 'Probability', 'ForecastCategoryName']),
} as const);

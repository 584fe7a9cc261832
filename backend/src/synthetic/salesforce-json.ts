import { TRUE_PROBABILITY_FIELD, type SalesforceValue, type SyntheticRecord } from './synthetic-records.ts';

export type SalesforceJsonRecord = { [field: string]: SalesforceValue | SalesforceJsonRecord };

/**
 * A generated record in the shape a SOQL query returns it: relationship columns such as
 * `Account.Industry` nested as `{ Account: { Industry } }`, without the true probability (no
 * Salesforce field), and with empty-string placeholders as null, because Salesforce stores an
 * empty text field as null and never returns "". The `attributes` objects Salesforce adds are left
 * to the caller, which knows the API version and URLs it serves.
 */
export function toSalesforceJson(record: SyntheticRecord): SalesforceJsonRecord {
  const json: SalesforceJsonRecord = {};
  for (const [column, recordValue] of Object.entries(record) as [string, SalesforceValue][]) {
    if (column === TRUE_PROBABILITY_FIELD) continue;
    const value = recordValue === '' ? null : recordValue;
    const dot = column.indexOf('.');
    if (dot < 0) {
      json[column] = value;
      continue;
    }
    const relationship = column.slice(0, dot);
    const parent = (json[relationship] ??= {}) as SalesforceJsonRecord;
    parent[column.slice(dot + 1)] = value;
  }
  return json;
}

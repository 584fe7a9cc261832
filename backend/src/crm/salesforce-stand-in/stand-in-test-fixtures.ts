import { Connection } from 'jsforce';
import type { SalesforceRecordValues, StandInFieldDefinition, StandInObjectDefinition } from './stand-in-options.ts';
import type { SalesforceStandIn } from './start-stand-in.ts';

/** Small Lead, Opportunity and Account schemas, shaped like the standard objects, for the stand-in's tests. */

export const LEAD_FIELDS: readonly StandInFieldDefinition[] = [
  { name: 'FirstName', type: 'string', length: 40 },
  { name: 'LastName', type: 'string', length: 80, nillable: false },
  { name: 'Company', type: 'string', nillable: false },
  { name: 'Email', type: 'email' },
  { name: 'Status', type: 'picklist', nillable: false, restrictedPicklist: true, picklistValues: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] },
  { name: 'LeadSource', type: 'picklist', picklistValues: ['Web', 'Partner Referral', 'Trade Show'] },
  { name: 'AnnualRevenue', type: 'currency' },
  { name: 'NumberOfEmployees', type: 'int' },
  { name: 'IsConverted', type: 'boolean', updateable: false },
  { name: 'Score__c', type: 'double', precision: 5, scale: 2 },
  { name: 'Grade__c', type: 'string', length: 1 },
];

export const ACCOUNT_FIELDS: readonly StandInFieldDefinition[] = [
  { name: 'Name', type: 'string', nillable: false },
  { name: 'Industry', type: 'picklist', picklistValues: ['Technology', 'Retail', 'Banking'] },
  { name: 'AnnualRevenue', type: 'currency' },
];

export const OPPORTUNITY_FIELDS: readonly StandInFieldDefinition[] = [
  { name: 'Name', type: 'string', nillable: false },
  { name: 'AccountId', type: 'reference', referenceTo: ['Account'] },
  { name: 'StageName', type: 'picklist', nillable: false, picklistValues: ['Prospecting', 'Negotiation', 'Closed Won', 'Closed Lost'] },
  { name: 'Amount', type: 'currency' },
  { name: 'CloseDate', type: 'date', nillable: false },
  { name: 'IsWon', type: 'boolean', updateable: false },
  { name: 'Score__c', type: 'double' },
];

/** A moment the fixtures' timestamps start from: recent, so the replication resources accept it. */
export function recentStart(now = Date.now()): number {
  return Math.floor((now - 2 * 86_400_000) / 60_000) * 60_000;
}

/** `count` leads, three per second of SystemModstamp from `startMs`, so several share each second. */
export function* generateLeads(count: number, startMs: number): Generator<SalesforceRecordValues> {
  const sources = ['Web', 'Partner Referral', 'Trade Show', null];
  for (let index = 0; index < count; index += 1) {
    const stamp = new Date(startMs + Math.floor(index / 3) * 1000).toISOString();
    yield {
      FirstName: `First${index}`,
      LastName: `Lead ${index}`,
      Company: `Company ${index % 50}`,
      Email: `lead${index}@example.com`,
      Status: index % 10 === 0 ? 'Closed - Converted' : 'Open - Not Contacted',
      LeadSource: sources[index % sources.length]!,
      AnnualRevenue: index * 1000,
      NumberOfEmployees: index % 500,
      IsConverted: index % 10 === 0,
      CreatedDate: stamp,
      SystemModstamp: stamp,
    };
  }
}

export function leadObject(count: number, startMs: number): StandInObjectDefinition {
  return { fields: LEAD_FIELDS, records: generateLeads(count, startMs) };
}

/** Clears what one test leaves behind: faults, the request log and the day's API usage. */
export function resetStandIn(standIn: SalesforceStandIn): void {
  standIn.faults.clear();
  standIn.requestLog.clear();
  standIn.apiUsage.used = 0;
}

/** A jsforce connection with an access token, as an org's integration user has after logging in. */
export function connect(standIn: SalesforceStandIn): Connection {
  return new Connection({ instanceUrl: standIn.instanceUrl, accessToken: standIn.issueAccessToken(), version: '62.0' });
}

/** A raw request with the integration user's token, for what jsforce hides (headers, exact bodies). */
export async function rawRequest(standIn: SalesforceStandIn, path: string, init: RequestInit = {}, token = standIn.issueAccessToken()): Promise<Response> {
  return fetch(`${standIn.instanceUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
}

/** What a rejected jsforce call threw, for asserting on Salesforce's error code. */
export async function rejection(promise: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { errorCode?: string };
  }
  throw new Error('expected the call to fail');
}

/**
 * The status code of a save result's first error. Salesforce's sObject Collections answer
 * `statusCode`, although jsforce's SaveError type calls it `errorCode`.
 */
export function firstStatusCode(result: { errors: readonly unknown[] }): string | undefined {
  return (result.errors[0] as { statusCode?: string } | undefined)?.statusCode;
}

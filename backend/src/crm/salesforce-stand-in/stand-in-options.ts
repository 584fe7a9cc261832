import type { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';
import type { FaultSpec } from './faults.ts';

/** A field value as Salesforce's JSON carries it: datetimes and dates are strings. */
export type SalesforceValue = string | number | boolean | null;

/** A record as plain values keyed by field API name (`Id`, `Status`, `Custom__c`, ...). */
export type SalesforceRecordValues = Readonly<Record<string, SalesforceValue>>;

/** The describe field types the stand-in understands (compound address/location fields are not among them). */
export const STAND_IN_FIELD_TYPES = Object.freeze([
  'id',
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'email',
  'phone',
  'url',
  'reference',
  'boolean',
  'int',
  'double',
  'currency',
  'percent',
  'date',
  'datetime',
] as const);
export type StandInFieldType = (typeof STAND_IN_FIELD_TYPES)[number];

export interface StandInPicklistValue {
  value: string;
  label?: string;
  active?: boolean;
  defaultValue?: boolean;
}

/**
 * A field as `describe` reports it. Only `name` and `type` are required; the rest defaults as
 * Salesforce would for a plain field (nillable, updateable, labelled from its name, custom when it
 * ends in `__c`, relationship name derived from a reference field's name).
 */
export interface StandInFieldDefinition {
  readonly name: string;
  readonly type: StandInFieldType;
  readonly label?: string;
  readonly nillable?: boolean;
  readonly updateable?: boolean;
  readonly createable?: boolean;
  readonly custom?: boolean;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly picklistValues?: readonly (string | StandInPicklistValue)[];
  readonly restrictedPicklist?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string | null;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly calculated?: boolean;
  readonly nameField?: boolean;
}

export interface StandInObjectDefinition {
  readonly label?: string;
  readonly labelPlural?: string;
  /** The first three characters of this object's ids; standard objects have Salesforce's own. */
  readonly keyPrefix?: string;
  readonly fields: readonly StandInFieldDefinition[];
  /**
   * Initial records, read once at start. Any (sync) iterable works, so a generator can feed a
   * hundred thousand records without building an array first. Missing `Id`, `IsDeleted` and
   * timestamps are filled in.
   */
  readonly records?: Iterable<SalesforceRecordValues>;
}

export interface StandInBulkOptions {
  /** How many job status checks answer InProgress before JobComplete. Default 1. */
  readonly checksBeforeComplete?: number;
  /** Bulk query results per page when the client sends no `maxRecords`. Default 10,000. */
  readonly resultsPageSize?: number;
}

export interface StandInOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The base URL clients reach the stand-in at, when it is not `http://host:port` (behind a proxy). */
  readonly publicUrl?: string;
  readonly objects: Readonly<Record<string, StandInObjectDefinition>>;
  /** The connected app's consumer key: `client_id` of refresh grants, `iss` of JWT assertions. */
  readonly clientId: string;
  /** When set, a refresh grant that sends a `client_secret` must send this one. */
  readonly clientSecret?: string;
  /** The connected app's certificate or public key (PEM), or a key object, for JWT bearer assertions. */
  readonly jwtPublicKey?: string | KeyObject | CryptoKey;
  /** The integration user (`sub` of JWT assertions). Default `integration@stand-in.example`. */
  readonly username?: string;
  /** Refresh tokens the token endpoint accepts; more can be issued at run time. */
  readonly refreshTokens?: readonly string[];
  /** The org's daily API request limit. Default 1,000,000. */
  readonly apiLimit?: number;
  /** Access tokens expire this long after they are issued. Default 7,200 s (Salesforce's 2 hours). */
  readonly accessTokenTtlSeconds?: number;
  /** Where "now" comes from, for modstamps, token expiry and replication windows. */
  readonly clock?: () => Date;
  readonly bulk?: StandInBulkOptions;
  /** Faults active from the start; see faults.ts. */
  readonly faults?: readonly FaultSpec[];
  /** Serve the control API under `/__stand-in/`. Default true. */
  readonly controlApi?: boolean;
  /** How many requests the request log keeps (oldest dropped first). Default 10,000. */
  readonly requestLogSize?: number;
}

/**
 * Record ids shaped like Salesforce's: 18 characters, the object's three-character key prefix
 * (`00Q` Lead, `006` Opportunity, `001` Account), a two-character instance, a reserved `0`, a
 * nine-character base-62 record number, and the three-character suffix Salesforce appends so that
 * the id survives case-insensitive tools such as Excel. Code that validates ids with the usual
 * checksum (including jsforce users' own checks) accepts these.
 */

export const KEY_PREFIXES = Object.freeze({
  Lead: '00Q',
  Opportunity: '006',
  Account: '001',
} as const);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const INSTANCE = '5g';
const RECORD_NUMBER_LIMIT = 62 ** 9;

/** The case-insensitivity suffix: one character per five, encoding which of them are upper case. */
export function salesforceIdSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      const code = id15.charCodeAt(chunk * 5 + position);
      if (code >= 65 && code <= 90) bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** All two-digit base-62 numbers, so that an id takes five lookups instead of nine divisions and concatenations. */
const BASE62_PAIRS = Object.freeze(Array.from({ length: 62 * 62 }, (_, value) => `${BASE62[Math.floor(value / 62)]}${BASE62[value % 62]}`));

export function salesforceId(keyPrefix: string, recordNumber: number): string {
  let number = recordNumber % RECORD_NUMBER_LIMIT;
  let digits = '';
  for (let pair = 0; pair < 4; pair++) {
    digits = BASE62_PAIRS[number % 3844] + digits;
    number = Math.floor(number / 3844);
  }
  const id15 = `${keyPrefix}${INSTANCE}0${BASE62[number]}${digits}`;
  return id15 + salesforceIdSuffix(id15);
}

/**
 * Where a seed's record numbers start. Seeds below 10^8 get disjoint ranges of 2^24 numbers, so
 * runs with different seeds share no ids unless one of them has more than 16 million records.
 */
export function firstRecordNumber(seed: number): number {
  return 1_000_000 + (seed % 100_000_000) * 16_777_216;
}

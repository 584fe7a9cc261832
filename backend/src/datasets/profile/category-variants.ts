import type { ColumnProfile } from '@scorebridge/shared';

export interface VariantGroup {
  /** The most frequent spelling first. */
  values: { value: string; count: number }[];
}

/** Case, spaces and punctuation do not make a different category: "web", "Web " and "W.E.B" meet here. */
function normalize(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const isLetter = (character: string | undefined) => character !== undefined && /\p{L}/u.test(character);

/**
 * True when a and b differ by one inserted, deleted or changed letter ("Referal" / "Referral").
 * A differing digit does not count: "City 1" and "City 10" are different places, not a typo.
 */
function oneLetterApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) return isLetter(a[i]) && isLetter(b[i]) && a.slice(i + 1) === b.slice(i + 1);
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return isLetter(longer[i]) && longer.slice(i + 1) === shorter.slice(i);
}

/** Names shorter than this are too often legitimately one letter apart ("A1" and "A2"). */
const MIN_LENGTH_FOR_TYPOS = 6;

/**
 * Groups a categorical column's frequent values that are probably one category spelled several
 * ways: the same letters and digits ignoring case and punctuation, or (for longer names) one typo
 * apart. CRM picklists drift this way when values are imported or typed by hand.
 */
export function findCategoryVariants(column: Pick<ColumnProfile, 'type' | 'topValues'>): VariantGroup[] {
  if (column.type !== 'categorical') return [];
  const values = column.topValues.values;
  const parent = values.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index]!)));
  const keys = values.map((entry) => normalize(entry.value));
  for (let a = 0; a < values.length; a += 1) {
    for (let b = a + 1; b < values.length; b += 1) {
      const same = keys[a] === keys[b] && keys[a] !== '';
      const typo = keys[a]!.length >= MIN_LENGTH_FOR_TYPOS && keys[b]!.length >= MIN_LENGTH_FOR_TYPOS && oneLetterApart(keys[a]!, keys[b]!);
      if (same || typo) parent[root(b)] = root(a);
    }
  }
  const groups = new Map<number, { value: string; count: number }[]>();
  values.forEach((entry, index) => {
    const group = groups.get(root(index)) ?? [];
    group.push(entry);
    groups.set(root(index), group);
  });
  return [...groups.values()].filter((group) => group.length > 1).map((group) => ({ values: group.sort((x, y) => y.count - x.count) }));
}

/**
 * Values of Salesforce's standard picklists (Industry, Lead Source, Lead Status, Opportunity Stage,
 * Rating) and other common CRM categories. A value one letter away from one of these, and not one
 * of them, is most likely a misspelling even when the right spelling never occurs in the file.
 */
const STANDARD_CRM_VALUES = Object.freeze([
  ...['Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics'],
  ...['Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance'],
  ...['Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities'],
  ...['Software', 'Services', 'Marketing', 'Medical', 'Employment', 'Pharmaceuticals', 'Automotive', 'Aerospace', 'Logistics', 'Hardware'],
  ...['Phone Inquiry', 'Partner Referral', 'Purchased List', 'Trade Show', 'Word of mouth', 'Webinar', 'Advertisement', 'Employee Referral', 'External Referral'],
  ...['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted', 'Qualified', 'Unqualified', 'Nurturing'],
  ...['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote'],
  ...['Negotiation/Review', 'Closed Won', 'Closed Lost', 'Engaging'],
]);
const STANDARD_KEYS = new Map(STANDARD_CRM_VALUES.map((value) => [normalize(value), value]));

export interface MisspelledValue {
  value: string;
  count: number;
  /** The standard spelling it is one letter away from. */
  standard: string;
}

export function findMisspelledStandardValues(column: Pick<ColumnProfile, 'type' | 'topValues'>): MisspelledValue[] {
  if (column.type !== 'categorical') return [];
  const found: MisspelledValue[] = [];
  for (const entry of column.topValues.values) {
    const key = normalize(entry.value);
    if (key.length < MIN_LENGTH_FOR_TYPOS || STANDARD_KEYS.has(key)) continue;
    for (const [standardKey, standard] of STANDARD_KEYS) {
      if (standardKey.length >= MIN_LENGTH_FOR_TYPOS && oneLetterApart(key, standardKey)) {
        found.push({ value: entry.value, count: entry.count, standard });
        break;
      }
    }
  }
  return found;
}

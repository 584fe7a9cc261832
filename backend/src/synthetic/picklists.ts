/**
 * The picklist values of the synthetic objects, as a standard Salesforce org ships them, with how
 * often each occurs. The generator draws canonical values from here; the quirks then misspell some.
 */
import { weightedChoice, type WeightedChoice } from './seeded-random.ts';

export const LEAD_SOURCES = Object.freeze([
  'Web',
  'Phone Inquiry',
  'Partner Referral',
  'Purchased List',
  'Trade Show',
  'Word of mouth',
  'Other',
] as const);
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_SOURCE_SHARES = weightedChoice<LeadSource>([
  ['Web', 30],
  ['Phone Inquiry', 10],
  ['Partner Referral', 10],
  ['Purchased List', 18],
  ['Trade Show', 12],
  ['Word of mouth', 8],
  ['Other', 12],
]);

export const INDUSTRIES = Object.freeze([
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Other',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
] as const);
export type Industry = (typeof INDUSTRIES)[number];

/** Technology, finance and healthcare dominate a B2B software vendor's pipeline. */
export const INDUSTRY_SHARES = weightedChoice<Industry>(
  INDUSTRIES.map((industry) => [industry, industry === 'Technology' ? 8 : industry === 'Finance' || industry === 'Healthcare' ? 5 : industry === 'Manufacturing' ? 4 : 2]),
);

export const RATINGS = Object.freeze(['Hot', 'Warm', 'Cold'] as const);
export type Rating = (typeof RATINGS)[number];

export const LEAD_STATUSES = Object.freeze(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const);
export const CONVERTED_LEAD_STATUS = 'Closed - Converted';

/** Statuses of leads that did not convert; 'Closed - Converted' is reserved for those that did. */
export const UNCONVERTED_LEAD_STATUS_SHARES = weightedChoice([
  ['Open - Not Contacted', 30],
  ['Working - Contacted', 35],
  ['Closed - Not Converted', 35],
] as const);

export const OPPORTUNITY_TYPES = Object.freeze(['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade'] as const);
export type OpportunityType = (typeof OPPORTUNITY_TYPES)[number];

export const OPPORTUNITY_TYPE_SHARES = weightedChoice<OpportunityType>([
  ['New Customer', 55],
  ['Existing Customer - Upgrade', 20],
  ['Existing Customer - Replacement', 15],
  ['Existing Customer - Downgrade', 10],
]);

/** Salesforce's default sales process: each stage's default probability and forecast category. */
export const OPPORTUNITY_STAGES = Object.freeze({
  Prospecting: { probability: 10, forecastCategory: 'Pipeline', isClosed: false },
  Qualification: { probability: 10, forecastCategory: 'Pipeline', isClosed: false },
  'Needs Analysis': { probability: 20, forecastCategory: 'Pipeline', isClosed: false },
  'Value Proposition': { probability: 50, forecastCategory: 'Pipeline', isClosed: false },
  'Id. Decision Makers': { probability: 60, forecastCategory: 'Pipeline', isClosed: false },
  'Perception Analysis': { probability: 70, forecastCategory: 'Pipeline', isClosed: false },
  'Proposal/Price Quote': { probability: 75, forecastCategory: 'Best Case', isClosed: false },
  'Negotiation/Review': { probability: 90, forecastCategory: 'Commit', isClosed: false },
  'Closed Won': { probability: 100, forecastCategory: 'Closed', isClosed: true },
  'Closed Lost': { probability: 0, forecastCategory: 'Omitted', isClosed: true },
} as const);
export type OpportunityStage = keyof typeof OPPORTUNITY_STAGES;

export const OPEN_OPPORTUNITY_STAGES = Object.freeze(
  (Object.keys(OPPORTUNITY_STAGES) as OpportunityStage[]).filter((stage) => !OPPORTUNITY_STAGES[stage].isClosed),
);

export const FORECAST_CATEGORIES = Object.freeze(['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'] as const);

export const COUNTRIES = Object.freeze([
  'United States',
  'Canada',
  'United Kingdom',
  'Germany',
  'France',
  'Australia',
  'India',
  'Brazil',
  'Japan',
] as const);
export type Country = (typeof COUNTRIES)[number];

export const COUNTRY_SHARES = weightedChoice<Country>([
  ['United States', 55],
  ['Canada', 8],
  ['United Kingdom', 10],
  ['Germany', 7],
  ['France', 5],
  ['Australia', 5],
  ['India', 5],
  ['Brazil', 3],
  ['Japan', 2],
]);

/** States are filled only where Salesforce's state picklists are commonly enabled. */
export const STATES_BY_COUNTRY: Readonly<Partial<Record<Country, WeightedChoice<string>>>> = Object.freeze({
  'United States': weightedChoice([
    ['CA', 14],
    ['NY', 9],
    ['TX', 9],
    ['FL', 6],
    ['IL', 5],
    ['WA', 5],
    ['MA', 5],
    ['GA', 4],
    ['NC', 4],
    ['CO', 4],
    ['PA', 4],
    ['OH', 3],
    ['NJ', 3],
    ['VA', 3],
    ['MN', 2],
  ]),
  Canada: weightedChoice([
    ['ON', 5],
    ['QC', 3],
    ['BC', 3],
    ['AB', 2],
  ]),
  Australia: weightedChoice([
    ['NSW', 5],
    ['VIC', 4],
    ['QLD', 2],
  ]),
});

export const CURRENCY_ISO_CODES = Object.freeze(['USD'] as const);

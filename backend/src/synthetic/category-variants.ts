/**
 * Other spellings of picklist values, as they reach a CRM through imports, integrations and
 * unrestricted picklists: typos, case variants, abbreviations and stray spaces. Values without a
 * listed variant get a case variant or a trailing space, so every value can be misspelled and the
 * variant rate is the same for every field.
 */
import type { SeededRandom } from './seeded-random.ts';

const LISTED_VARIANTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // LeadSource (also on opportunities)
  Web: ['web', 'WEB', 'Website'],
  'Phone Inquiry': ['Phone inquiry', 'Phone Enquiry', 'phone'],
  'Partner Referral': ['Partner Referal', 'partner referral', 'Partner referral'],
  'Purchased List': ['Purchased list', 'Purchased Lists', 'purchased list'],
  'Trade Show': ['Trade show', 'Tradeshow', 'trade show'],
  'Word of mouth': ['Word of Mouth', 'word of mouth', 'WOM'],
  Other: ['other', 'OTHER', 'Other '],
  // Industry
  Technology: ['technology', 'Tech', 'Technolgy', 'IT'],
  Healthcare: ['Health Care', 'healthcare', 'Healthcare '],
  Finance: ['finance', 'Financial Services', 'Finanace'],
  Manufacturing: ['manufacturing', 'Manufacturng', 'Mfg'],
  Telecommunications: ['Telecom', 'Telecomunications', 'telecommunications'],
  'Food & Beverage': ['Food and Beverage', 'F&B', 'food & beverage'],
  'Not For Profit': ['Non-Profit', 'Nonprofit', 'Not for profit'],
  Government: ['government', 'Public Sector', 'Goverment'],
  // Rating
  Hot: ['hot', 'HOT'],
  Warm: ['warm', 'WARM'],
  Cold: ['cold', 'COLD'],
  // Country
  'United States': ['USA', 'US', 'U.S.', 'united states', 'United States of America'],
  'United Kingdom': ['UK', 'U.K.', 'Great Britain', 'England'],
  Germany: ['Deutschland', 'germany', 'DE'],
  Canada: ['canada', 'CA', 'Canda'],
  France: ['france', 'FR'],
  Australia: ['australia', 'AU', 'Austrailia'],
  // Opportunity Type
  'New Customer': ['New customer', 'new', 'New Business'],
  'Existing Customer - Upgrade': ['Existing Customer-Upgrade', 'Upgrade', 'existing customer - upgrade'],
  'Existing Customer - Replacement': ['Existing Customer-Replacement', 'Replacement'],
  'Existing Customer - Downgrade': ['Existing Customer-Downgrade', 'Downgrade'],
});

export function categoryVariant(random: SeededRandom, value: string): string {
  const listed = LISTED_VARIANTS[value];
  if (listed) return random.pick(listed);
  const lower = value.toLowerCase();
  const choice = random.int(3);
  if (choice === 0 && lower !== value) return lower;
  if (choice === 1) return value.toUpperCase() === value ? lower : value.toUpperCase();
  return `${value} `;
}

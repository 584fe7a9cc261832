/**
 * The accounts synthetic opportunities belong to. An account is computed from its index alone,
 * so a million opportunities need no table of accounts in memory, and every opportunity of an
 * account shows the same Account fields, flaws included, as a relationship query would.
 */
import { flawOptional, flawText, hasCellFlaws, TEXT_CELL_KINDS } from './cell-flaws.ts';
import { drawCompanyName } from './name-lists.ts';
import { INDUSTRY_SHARES, type Industry } from './picklists.ts';
import { RANDOM_STREAMS } from './random-streams.ts';
import { firstRecordNumber, KEY_PREFIXES, salesforceId } from './salesforce-id.ts';
import { SeededRandom } from './seeded-random.ts';
import type { ResolvedSyntheticOptions } from './synthetic-options.ts';

export interface SyntheticAccount {
  Id: string;
  Name: string;
  Industry: Industry;
  AnnualRevenue: number;
  NumberOfEmployees: number;
}

/** An account as the opportunity model sees it (clean) and as the opportunity records show it (flawed). */
export interface AccountView {
  account: SyntheticAccount;
  shown: { Industry: string | null; AnnualRevenue: number | null; NumberOfEmployees: number | null };
}

export function createAccountSource(options: ResolvedSyntheticOptions): (index: number) => AccountView {
  const { seed, quirks } = options;
  const random = new SeededRandom(seed);
  const flawRandom = new SeededRandom(seed);
  const firstNumber = firstRecordNumber(seed);
  const cellFlaws = hasCellFlaws(quirks);
  return (index) => {
    random.reseed(seed, RANDOM_STREAMS.account, index);
    const name = drawCompanyName(random).name;
    const industry = random.choose(INDUSTRY_SHARES);
    const numberOfEmployees = Math.min(250_000, Math.max(1, Math.round(10 ** random.normal(2.4, 0.8))));
    const annualRevenue = Math.round((numberOfEmployees * 10 ** random.normal(5.1, 0.25)) / 1000) * 1000;
    const account: SyntheticAccount = {
      Id: salesforceId(KEY_PREFIXES.Account, firstNumber + index),
      Name: name,
      Industry: industry,
      AnnualRevenue: annualRevenue,
      NumberOfEmployees: numberOfEmployees,
    };
    if (!cellFlaws) return { account, shown: { Industry: industry, AnnualRevenue: annualRevenue, NumberOfEmployees: numberOfEmployees } };
    flawRandom.reseed(seed, RANDOM_STREAMS.accountFlaws, index);
    return {
      account,
      shown: {
        Industry: flawText(flawRandom, quirks, TEXT_CELL_KINDS.category, industry),
        AnnualRevenue: flawOptional(flawRandom, quirks, annualRevenue),
        NumberOfEmployees: flawOptional(flawRandom, quirks, numberOfEmployees),
      },
    };
  };
}

import assert from 'node:assert/strict';
import { generateRecordBatches } from './generate-records.ts';
import { COUNTRIES, INDUSTRIES, LEAD_SOURCES, OPPORTUNITY_TYPES, RATINGS } from './picklists.ts';
import { DEFAULT_QUIRKS, type QuirkOptions } from './quirk-options.ts';
import type { SyntheticLead, SyntheticOpportunity } from './synthetic-records.ts';

const ROWS = 20_000;

/** Distinct rates, so that a flaw planted at another flaw's rate is caught. */
const RATES = Object.freeze({
  placeholders: 0.04,
  categoryVariants: 0.06,
  missingValues: 0.08,
  exactDuplicates: 0.02,
  duplicateIds: 0.03,
  nearConstantColumn: 0.01,
} satisfies Partial<QuirkOptions>);

function leads(quirks: Partial<QuirkOptions> | false): SyntheticLead[] {
  return [...generateRecordBatches({ object: 'Lead', rows: ROWS, seed: 5, quirks })].flat();
}

function opportunities(quirks: Partial<QuirkOptions> | false): SyntheticOpportunity[] {
  return [...generateRecordBatches({ object: 'Opportunity', rows: ROWS, seed: 5, quirks })].flat();
}

function assertShare(count: number, total: number, expected: number, what: string): void {
  const share = count / total;
  // Four binomial standard deviations, so that the test fails on a wrong rate, not on chance.
  const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / total);
  assert.ok(Math.abs(share - expected) <= tolerance, `${what}: ${share.toFixed(4)} instead of ${expected} ± ${tolerance.toFixed(4)}`);
}

type CellState = 'missing' | 'placeholder' | 'variant' | 'canonical';

function cellState(value: string | number | null, canonical: readonly string[]): CellState {
  if (value === null) return 'missing';
  if (DEFAULT_QUIRKS.placeholderValues.includes(String(value))) return 'placeholder';
  return canonical.includes(String(value)) ? 'canonical' : 'variant';
}

function countStates(values: (string | number | null)[], canonical: readonly string[]): Record<CellState, number> {
  const counts: Record<CellState, number> = { missing: 0, placeholder: 0, variant: 0, canonical: 0 };
  for (const value of values) counts[cellState(value, canonical)]++;
  return counts;
}

describe('synthetic data flaws', () => {
  let flawedLeads: SyntheticLead[];
  before(() => {
    flawedLeads = leads(RATES);
  });

  it('should put placeholders, variants and missing values into picklist cells at their rates', () => {
    for (const [field, canonical] of [
      ['LeadSource', LEAD_SOURCES],
      ['Industry', INDUSTRIES],
      ['Rating', RATINGS],
      ['Country', COUNTRIES],
    ] as const) {
      const counts = countStates(
        flawedLeads.map((lead) => lead[field]),
        canonical,
      );
      assertShare(counts.placeholder, ROWS, RATES.placeholders, `${field} placeholders`);
      assertShare(counts.variant, ROWS, RATES.categoryVariants, `${field} variants`);
      assertShare(counts.missing, ROWS, RATES.missingValues, `${field} missing`);
    }
  });

  it('should use every placeholder and realistic misspellings', () => {
    const industries = new Set(flawedLeads.map((lead) => lead.Industry));
    const sources = new Set(flawedLeads.map((lead) => lead.LeadSource));
    for (const placeholder of DEFAULT_QUIRKS.placeholderValues) assert.ok(industries.has(placeholder), `placeholder ${JSON.stringify(placeholder)}`);
    for (const variant of ['Partner Referal', 'web', 'Technolgy', 'Health Care']) assert.ok(sources.has(variant) || industries.has(variant), variant);
  });

  it('should leave numbers without placeholders and drop them at the missing rate', () => {
    for (const field of ['AnnualRevenue', 'NumberOfEmployees', 'Email_Opens__c', 'Web_Visits__c'] as const) {
      const values = flawedLeads.map((lead) => lead[field]);
      assert.ok(values.every((value) => value === null || typeof value === 'number'), field);
      assertShare(values.filter((value) => value === null).length, ROWS, RATES.missingValues, `${field} missing`);
    }
  });

  it('should repeat rows exactly and repeat Ids with changed fields at their rates', () => {
    const seenRows = new Set<string>();
    const seenIds = new Set<string>();
    let exact = 0;
    let changed = 0;
    for (const lead of flawedLeads) {
      const row = JSON.stringify(lead);
      if (seenRows.has(row)) exact++;
      else if (seenIds.has(lead.Id)) changed++;
      seenRows.add(row);
      seenIds.add(lead.Id);
    }
    assertShare(exact, ROWS, RATES.exactDuplicates, 'exact duplicate rows');
    assertShare(changed, ROWS, RATES.duplicateIds, 'duplicate Ids with changed fields');
  });

  it('should keep the outcome and move SystemModstamp forward when it repeats an Id', () => {
    const firstById = new Map<string, SyntheticLead>();
    let compared = 0;
    for (const lead of flawedLeads) {
      const first = firstById.get(lead.Id);
      if (!first) {
        firstById.set(lead.Id, lead);
        continue;
      }
      assert.equal(lead.IsConverted, first.IsConverted);
      assert.equal(lead.__trueProbability, first.__trueProbability);
      assert.ok(lead.SystemModstamp >= first.SystemModstamp);
      compared++;
    }
    assert.ok(compared > 0);
  });

  it('should add a constant and a near-constant column', () => {
    assert.ok(flawedLeads.every((lead) => lead.CurrencyIsoCode === 'USD'));
    const optedOut = flawedLeads.filter((lead) => lead.HasOptedOutOfEmail === true).length;
    assert.ok(flawedLeads.every((lead) => typeof lead.HasOptedOutOfEmail === 'boolean'));
    assertShare(optedOut, ROWS, RATES.nearConstantColumn, 'HasOptedOutOfEmail true');
  });

  it('should plant no flaw at all when flaws are off', () => {
    const clean = leads(false);
    assert.equal(new Set(clean.map((lead) => lead.Id)).size, ROWS);
    for (const [field, canonical] of [
      ['LeadSource', LEAD_SOURCES],
      ['Industry', INDUSTRIES],
      ['Rating', RATINGS],
      ['Country', COUNTRIES],
    ] as const) {
      assert.equal(countStates(clean.map((lead) => lead[field]), canonical).canonical, ROWS, field);
    }
    for (const lead of clean) {
      assert.ok(!('CurrencyIsoCode' in lead) && !('HasOptedOutOfEmail' in lead) && !('Converted_Date__c' in lead));
    }
  });

  it('should plant a converted date on leads that converted and on no other lead', () => {
    const planted = leads({ leakageColumn: true });
    assert.ok(planted.some((lead) => lead.IsConverted));
    for (const lead of planted) {
      assert.equal(lead.Converted_Date__c !== null, lead.IsConverted, lead.Id);
      if (lead.Converted_Date__c) assert.ok(lead.Converted_Date__c >= lead.CreatedDate.slice(0, 10));
    }
  });

  it('should plant a contract flag that separates won from lost deals but for the configured noise', () => {
    const planted = opportunities({ leakageColumn: true, leakageNoise: 0.02 });
    const closed = planted.filter((opportunity) => opportunity.IsClosed);
    const disagreeing = closed.filter((opportunity) => opportunity.Contract_Signed__c !== opportunity.IsWon).length;
    assertShare(disagreeing, closed.length, 0.02, 'contract flag disagreeing with IsWon');
    assert.ok(planted.filter((opportunity) => !opportunity.IsClosed).every((opportunity) => opportunity.Contract_Signed__c === false));
    const exact = opportunities({ leakageColumn: true, leakageNoise: 0 }).filter((opportunity) => opportunity.IsClosed);
    assert.ok(exact.every((opportunity) => opportunity.Contract_Signed__c === opportunity.IsWon));
  });

  it('should flaw opportunity picklists and Account fields at their rates', () => {
    const flawed = opportunities(RATES);
    const types = countStates(
      flawed.map((opportunity) => opportunity.Type),
      OPPORTUNITY_TYPES,
    );
    assertShare(types.placeholder, ROWS, RATES.placeholders, 'Type placeholders');
    assertShare(types.variant, ROWS, RATES.categoryVariants, 'Type variants');
    assertShare(types.missing, ROWS, RATES.missingValues, 'Type missing');
    assertShare(flawed.filter((opportunity) => opportunity.Amount === null).length, ROWS, RATES.missingValues, 'Amount missing');
    // Account flaws are decided once per account, so their rows are correlated: allow more room.
    const industries = countStates(
      flawed.map((opportunity) => opportunity['Account.Industry']),
      INDUSTRIES,
    );
    assert.ok(Math.abs(industries.placeholder / ROWS - RATES.placeholders) < 0.015, `${industries.placeholder} Account.Industry placeholders`);
    assert.ok(Math.abs(industries.variant / ROWS - RATES.categoryVariants) < 0.015, `${industries.variant} Account.Industry variants`);
    assert.ok(flawed.every((opportunity) => opportunity.IsPrivate !== undefined && opportunity.CurrencyIsoCode === 'USD'));
  });
});

/**
 * Synthetic opportunities. Each is planned when created: an account, a type, an amount that grows
 * with the account's size, and a sales cycle that sets the CloseDate. Opportunities whose CloseDate
 * is on or after the day of `asOf` are open, at a stage that follows how much of the cycle has
 * passed; the others are closed, won or lost as drawn from opportunityWinProbability.
 */
import { flawOptional, flawText, hasCellFlaws, TEXT_CELL_KINDS } from './cell-flaws.ts';
import { drawDealName } from './name-lists.ts';
import { opportunityWinProbability } from './opportunity-win-model.ts';
import { LEAD_SOURCE_SHARES, OPEN_OPPORTUNITY_STAGES, OPPORTUNITY_STAGES, OPPORTUNITY_TYPE_SHARES, type OpportunityStage } from './picklists.ts';
import type { QuirkOptions } from './quirk-options.ts';
import { RANDOM_STREAMS } from './random-streams.ts';
import type { RecordFactory } from './record-factory.ts';
import { firstRecordNumber, KEY_PREFIXES, salesforceId } from './salesforce-id.ts';
import { MS_PER_DAY, parseSalesforceDateTime, salesforceDate, salesforceDateTime } from './salesforce-format.ts';
import { SeededRandom } from './seeded-random.ts';
import { createAccountSource, type AccountView } from './synthetic-accounts.ts';
import type { ResolvedSyntheticOptions } from './synthetic-options.ts';
import type { SyntheticOpportunity } from './synthetic-records.ts';

const MEDIAN_CYCLE_DAYS = 60;
const DAYS_TO_CLOSE_THE_BOOKS = 3;

function wholeSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

function openStage(elapsedShare: number, draw: number): OpportunityStage {
  // Later in the cycle means a later stage, give or take a stage and a half.
  const position = elapsedShare * OPEN_OPPORTUNITY_STAGES.length + (draw - 0.5) * 3;
  const index = Math.min(OPEN_OPPORTUNITY_STAGES.length - 1, Math.max(0, Math.floor(position)));
  return OPEN_OPPORTUNITY_STAGES[index] as OpportunityStage;
}

function drawOpportunity(random: SeededRandom, options: ResolvedSyntheticOptions, view: AccountView, recordNumber: number): SyntheticOpportunity {
  const { asOfMs, historyDays, quirks } = options;
  const { account, shown } = view;
  const type = random.choose(OPPORTUNITY_TYPE_SHARES);
  const leadSource = random.choose(LEAD_SOURCE_SHARES);
  const name = drawDealName(random, account.Name);
  const sizeShift = 0.25 * (Math.log10(account.NumberOfEmployees) - 2);
  const amount = Math.min(5_000_000, Math.max(500, Math.round(10 ** random.normal(4.3 + sizeShift, 0.45) / 100) * 100));
  const cycleDays = Math.min(540, Math.max(3, Math.round(Math.exp(random.normal(Math.log(MEDIAN_CYCLE_DAYS), 0.6)))));
  const createdMs = wholeSeconds(asOfMs - random.next() * historyDays * MS_PER_DAY);
  const closeMs = createdMs + cycleDays * MS_PER_DAY;
  // Closed means the close day has passed: an opportunity closing on the asOf day itself is still open.
  const isClosed = Math.floor(closeMs / MS_PER_DAY) < Math.floor(asOfMs / MS_PER_DAY);

  const probability = opportunityWinProbability({ type, leadSource, industry: account.Industry, amount, cycleDays, accountEmployees: account.NumberOfEmployees });
  // Drawn for open opportunities too, so that every draw after it is the same whatever asOf is.
  const wonDraw = random.next();
  const stageDraw = random.next();
  const modstampDraw = random.next();
  const privateDraw = random.next();
  const leakDraw = random.next();

  const isWon = isClosed && wonDraw < probability;
  const stage: OpportunityStage = isClosed ? (isWon ? 'Closed Won' : 'Closed Lost') : openStage((asOfMs - createdMs) / (closeMs - createdMs), stageDraw);
  const modstampMs = isClosed
    ? Math.min(asOfMs, closeMs + modstampDraw * DAYS_TO_CLOSE_THE_BOOKS * MS_PER_DAY)
    : createdMs + modstampDraw * (asOfMs - createdMs);

  const opportunity: SyntheticOpportunity = {
    Id: salesforceId(KEY_PREFIXES.Opportunity, recordNumber),
    AccountId: account.Id,
    Name: name,
    StageName: stage,
    Amount: amount,
    Probability: OPPORTUNITY_STAGES[stage].probability,
    CloseDate: salesforceDate(closeMs),
    Type: type,
    LeadSource: leadSource,
    ForecastCategoryName: OPPORTUNITY_STAGES[stage].forecastCategory,
    IsClosed: isClosed,
    IsWon: isWon,
    CreatedDate: salesforceDateTime(createdMs),
    SystemModstamp: salesforceDateTime(wholeSeconds(modstampMs)),
    'Account.Industry': shown.Industry,
    'Account.AnnualRevenue': shown.AnnualRevenue,
    'Account.NumberOfEmployees': shown.NumberOfEmployees,
    __trueProbability: probability,
  };
  if (quirks.constantColumn) opportunity.CurrencyIsoCode = 'USD';
  if (quirks.nearConstantColumn > 0) opportunity.IsPrivate = privateDraw < quirks.nearConstantColumn;
  if (quirks.leakageColumn) opportunity.Contract_Signed__c = isClosed && isWon !== (leakDraw < quirks.leakageNoise);
  return opportunity;
}

function flawOpportunity(opportunity: SyntheticOpportunity, random: SeededRandom, quirks: QuirkOptions): void {
  opportunity.Type = flawText(random, quirks, TEXT_CELL_KINDS.category, opportunity.Type);
  opportunity.LeadSource = flawText(random, quirks, TEXT_CELL_KINDS.category, opportunity.LeadSource);
  opportunity.Amount = flawOptional(random, quirks, opportunity.Amount);
}

export function createOpportunityFactory(options: ResolvedSyntheticOptions): RecordFactory<SyntheticOpportunity> {
  const { seed, quirks, asOfMs, accounts } = options;
  const random = new SeededRandom(seed);
  const flawRandom = new SeededRandom(seed);
  const accountAt = createAccountSource(options);
  const firstNumber = firstRecordNumber(seed);
  const cellFlaws = hasCellFlaws(quirks);
  return {
    create(index) {
      random.reseed(seed, RANDOM_STREAMS.record, index);
      const opportunity = drawOpportunity(random, options, accountAt(random.int(accounts)), firstNumber + index);
      if (cellFlaws) {
        flawRandom.reseed(seed, RANDOM_STREAMS.recordFlaws, index);
        flawOpportunity(opportunity, flawRandom, quirks);
      }
      return opportunity;
    },
    revise(opportunity, revisionRandom) {
      const modstampMs = Math.min(asOfMs, parseSalesforceDateTime(opportunity.SystemModstamp) + wholeSeconds(revisionRandom.between(0.1, 30) * MS_PER_DAY));
      return { ...opportunity, Name: `${opportunity.Name} (revised)`, SystemModstamp: salesforceDateTime(modstampMs) };
    },
  };
}

/**
 * Synthetic leads. Values are drawn so that they hang together as in a real org: a latent interest
 * drives e-mail opens, web visits and the rep's rating alike; revenue follows headcount; free-mail
 * addresses come mostly through web forms. The outcome is drawn from leadConversionProbability.
 */
import { flawOptional, flawText, hasCellFlaws, TEXT_CELL_KINDS } from './cell-flaws.ts';
import { leadConversionProbability } from './lead-conversion-model.ts';
import { composeEmail, drawCompanyName, FIRST_NAMES, FREE_MAIL_DOMAINS, LAST_NAMES, TITLES_BY_SENIORITY } from './name-lists.ts';
import {
  CONVERTED_LEAD_STATUS,
  COUNTRY_SHARES,
  INDUSTRY_SHARES,
  LEAD_SOURCE_SHARES,
  STATES_BY_COUNTRY,
  UNCONVERTED_LEAD_STATUS_SHARES,
  type Rating,
} from './picklists.ts';
import type { QuirkOptions } from './quirk-options.ts';
import { RANDOM_STREAMS } from './random-streams.ts';
import type { RecordFactory } from './record-factory.ts';
import { firstRecordNumber, KEY_PREFIXES, salesforceId } from './salesforce-id.ts';
import { MS_PER_DAY, parseSalesforceDateTime, salesforceDate, salesforceDateTime } from './salesforce-format.ts';
import { SeededRandom, weightedChoice } from './seeded-random.ts';
import type { ResolvedSyntheticOptions } from './synthetic-options.ts';
import type { SyntheticLead } from './synthetic-records.ts';

const SENIORITY_SHARES = weightedChoice([
  [0, 35],
  [1, 30],
  [2, 18],
  [3, 12],
  [4, 5],
] as const);

function wholeSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

function drawLead(random: SeededRandom, options: ResolvedSyntheticOptions, recordNumber: number): SyntheticLead {
  const { asOfMs, historyDays, quirks } = options;
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const company = drawCompanyName(random);
  const leadSource = random.choose(LEAD_SOURCE_SHARES);
  const industry = random.choose(INDUSTRY_SHARES);
  const country = random.choose(COUNTRY_SHARES);
  const states = STATES_BY_COUNTRY[country];
  const state = states ? random.choose(states) : null;
  const numberOfEmployees = Math.min(250_000, Math.max(1, Math.round(10 ** random.normal(2.0, 0.75))));
  const annualRevenue = Math.round((numberOfEmployees * 10 ** random.normal(5.1, 0.25)) / 1000) * 1000;
  const seniority = random.choose(SENIORITY_SHARES);
  const title = random.pick(TITLES_BY_SENIORITY[seniority] as readonly string[]);
  // Interest is never recorded; it only makes engagement and the rep's rating move together.
  const interest = random.normal();
  const emailOpens = Math.min(99, random.poisson(Math.exp(0.5 + 0.8 * interest)));
  const webVisits = Math.min(99, random.poisson(Math.exp(0.2 + 0.7 * interest + (leadSource === 'Web' ? 0.6 : 0))));
  const ratingScore = 0.8 * interest + random.normal(0, 0.8);
  const rating: Rating = ratingScore > 0.9 ? 'Hot' : ratingScore > -0.2 ? 'Warm' : 'Cold';
  const freeMailAddress = random.chance(leadSource === 'Web' || leadSource === 'Other' ? 0.3 : 0.1);
  const email = composeEmail(random, firstName, lastName, freeMailAddress ? random.pick(FREE_MAIL_DOMAINS) : company.domain);

  const createdMs = wholeSeconds(asOfMs - random.next() * historyDays * MS_PER_DAY);
  const lastActivityMs = emailOpens + webVisits > 0 ? createdMs + random.next() * (asOfMs - createdMs) : null;
  const modifiedAfterMs = lastActivityMs ?? createdMs;
  const modstampMs = wholeSeconds(modifiedAfterMs + random.next() * (asOfMs - modifiedAfterMs));

  const probability = leadConversionProbability({ leadSource, rating, emailOpens, webVisits, numberOfEmployees, seniority, freeMailAddress });
  const isConverted = random.next() < probability;
  const status = isConverted ? CONVERTED_LEAD_STATUS : random.choose(UNCONVERTED_LEAD_STATUS_SHARES);

  // Drawn whether or not their columns are on, so that switching one leaves the others unchanged.
  const optOutDraw = random.next();
  const convertedDateDraw = random.next();

  const lead: SyntheticLead = {
    Id: salesforceId(KEY_PREFIXES.Lead, recordNumber),
    FirstName: firstName,
    LastName: lastName,
    Email: email,
    Company: company.name,
    Title: title,
    LeadSource: leadSource,
    Industry: industry,
    Rating: rating,
    AnnualRevenue: annualRevenue,
    NumberOfEmployees: numberOfEmployees,
    Country: country,
    State: state,
    Status: status,
    IsConverted: isConverted,
    CreatedDate: salesforceDateTime(createdMs),
    LastActivityDate: lastActivityMs === null ? null : salesforceDate(lastActivityMs),
    SystemModstamp: salesforceDateTime(modstampMs),
    Email_Opens__c: emailOpens,
    Web_Visits__c: webVisits,
    __trueProbability: probability,
  };
  if (quirks.constantColumn) lead.CurrencyIsoCode = 'USD';
  if (quirks.nearConstantColumn > 0) lead.HasOptedOutOfEmail = optOutDraw < quirks.nearConstantColumn;
  if (quirks.leakageColumn) lead.Converted_Date__c = isConverted ? salesforceDate(createdMs + convertedDateDraw * (asOfMs - createdMs)) : null;
  return lead;
}

function flawLead(lead: SyntheticLead, random: SeededRandom, quirks: QuirkOptions): void {
  const { category, text } = TEXT_CELL_KINDS;
  lead.FirstName = flawOptional(random, quirks, lead.FirstName);
  lead.Email = flawOptional(random, quirks, lead.Email);
  lead.Title = flawText(random, quirks, text, lead.Title);
  lead.LeadSource = flawText(random, quirks, category, lead.LeadSource);
  lead.Industry = flawText(random, quirks, category, lead.Industry);
  lead.Rating = flawText(random, quirks, category, lead.Rating);
  lead.AnnualRevenue = flawOptional(random, quirks, lead.AnnualRevenue);
  lead.NumberOfEmployees = flawOptional(random, quirks, lead.NumberOfEmployees);
  lead.Country = flawText(random, quirks, category, lead.Country);
  lead.State = flawText(random, quirks, text, lead.State);
  lead.Email_Opens__c = flawOptional(random, quirks, lead.Email_Opens__c);
  lead.Web_Visits__c = flawOptional(random, quirks, lead.Web_Visits__c);
}

/** Someone tidied the company name; the system stamp moves on. Always differs from the input. */
function reviseCompany(company: string): string {
  const words = company.split(' ');
  return words.length > 2 ? words.slice(0, -1).join(' ') : `${company} Inc.`;
}

export function createLeadFactory(options: ResolvedSyntheticOptions): RecordFactory<SyntheticLead> {
  const { seed, quirks, asOfMs } = options;
  const random = new SeededRandom(seed);
  const flawRandom = new SeededRandom(seed);
  const firstNumber = firstRecordNumber(seed);
  const cellFlaws = hasCellFlaws(quirks);
  return {
    create(index) {
      random.reseed(seed, RANDOM_STREAMS.record, index);
      const lead = drawLead(random, options, firstNumber + index);
      if (cellFlaws) {
        flawRandom.reseed(seed, RANDOM_STREAMS.recordFlaws, index);
        flawLead(lead, flawRandom, quirks);
      }
      return lead;
    },
    revise(lead, revisionRandom) {
      const modstampMs = Math.min(asOfMs, parseSalesforceDateTime(lead.SystemModstamp) + wholeSeconds(revisionRandom.between(0.1, 30) * MS_PER_DAY));
      return { ...lead, Company: reviseCompany(lead.Company), SystemModstamp: salesforceDateTime(modstampMs) };
    },
  };
}

/**
 * The true chance that a synthetic opportunity is won. Closed opportunities draw `IsWon` from it;
 * open ones have it too, but no outcome yet. As with leads, the AUC of these probabilities over the
 * closed opportunities is the ceiling for any model.
 *
 *   logit = INTERCEPT
 *         + TYPE[Type] + SOURCE[LeadSource] + INDUSTRY[Account.Industry] (0 for industries not listed)
 *         - 1.0 * (log10(Amount) - 4.3)                       bigger deals are harder
 *         - 0.8 if Type = New Customer and Amount > 50,000    interaction: a big first purchase
 *         - 1.4 * ln(cycle days / 45)^2                       hump: deals closing in about 45 days win most
 *         + 0.25 * (log10(Account.NumberOfEmployees) - 2)
 *   probability = 1 / (1 + exp(-logit))
 *
 * where cycle days = CloseDate - CreatedDate. The hump and the interaction are what trees can learn
 * and a logistic regression on raw fields cannot.
 */
import type { Industry, LeadSource, OpportunityType } from './picklists.ts';

export interface OpportunityWinDrivers {
  type: OpportunityType;
  leadSource: LeadSource;
  industry: Industry;
  amount: number;
  cycleDays: number;
  accountEmployees: number;
}

const INTERCEPT = 0;

export const OPPORTUNITY_TYPE_EFFECTS: Readonly<Record<OpportunityType, number>> = Object.freeze({
  'New Customer': -0.6,
  'Existing Customer - Upgrade': 1.1,
  'Existing Customer - Replacement': 0.6,
  'Existing Customer - Downgrade': 0.3,
});

export const OPPORTUNITY_SOURCE_EFFECTS: Readonly<Record<LeadSource, number>> = Object.freeze({
  'Partner Referral': 0.9,
  'Word of mouth': 0.6,
  'Phone Inquiry': 0.3,
  'Trade Show': 0.1,
  Web: 0,
  Other: -0.3,
  'Purchased List': -0.9,
});

export const OPPORTUNITY_INDUSTRY_EFFECTS: Readonly<Partial<Record<Industry, number>>> = Object.freeze({
  Technology: 0.3,
  Finance: 0.25,
  Healthcare: 0.1,
  Education: -0.3,
  'Not For Profit': -0.4,
  Government: -0.5,
});

export function opportunityWinLogit(drivers: OpportunityWinDrivers): number {
  const cycleDistance = Math.log(drivers.cycleDays / 45);
  return (
    INTERCEPT +
    OPPORTUNITY_TYPE_EFFECTS[drivers.type] +
    OPPORTUNITY_SOURCE_EFFECTS[drivers.leadSource] +
    (OPPORTUNITY_INDUSTRY_EFFECTS[drivers.industry] ?? 0) -
    1.0 * (Math.log10(drivers.amount) - 4.3) -
    (drivers.type === 'New Customer' && drivers.amount > 50_000 ? 0.8 : 0) -
    1.4 * cycleDistance * cycleDistance +
    0.25 * (Math.log10(drivers.accountEmployees) - 2)
  );
}

export function opportunityWinProbability(drivers: OpportunityWinDrivers): number {
  return 1 / (1 + Math.exp(-opportunityWinLogit(drivers)));
}

import assert from 'node:assert/strict';
import { generateRecordBatches } from './generate-records.ts';
import { leadConversionProbability } from './lead-conversion-model.ts';
import { opportunityWinProbability } from './opportunity-win-model.ts';
import { rocAuc } from './roc-auc.ts';
import { trueProbabilityReport } from './true-probability-report.ts';

describe('true probabilities', () => {
  it('should compute the AUC as the share of positive-negative pairs ranked right, ties counting half', () => {
    assert.equal(rocAuc(Float64Array.of(0.9, 0.8), Float64Array.of(0.1, 0.2)), 1);
    assert.equal(rocAuc(Float64Array.of(0.1), Float64Array.of(0.9)), 0);
    assert.equal(rocAuc(Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)), 0.5);
    // Pairs: (0.3 vs 0.1) win, (0.3 vs 0.3) tie, (0.3 vs 0.7) loss, (0.8 vs all) 3 wins: 4.5 of 6.
    assert.equal(rocAuc(Float64Array.of(0.3, 0.8), Float64Array.of(0.7, 0.1, 0.3)), 4.5 / 6);
    assert.ok(Number.isNaN(rocAuc(Float64Array.of(0.3), new Float64Array(0))));
  });

  it('should give leads a ceiling AUC between 0.75 and 0.9 and a realistic conversion rate', () => {
    const report = trueProbabilityReport(generateRecordBatches({ object: 'Lead', rows: 50_000, seed: 3 }));
    assert.ok(report.auc > 0.75 && report.auc < 0.9, `AUC ${report.auc}`);
    const positiveShare = report.positives / (report.positives + report.negatives);
    assert.ok(positiveShare > 0.15 && positiveShare < 0.4, `conversion rate ${positiveShare}`);
    assert.ok(Math.abs(report.meanProbability - positiveShare) < 0.01, `mean probability ${report.meanProbability} against ${positiveShare}`);
    assert.equal(report.withoutOutcome, 0);
  });

  it('should give closed opportunities a ceiling AUC between 0.75 and 0.9 and leave open ones out', () => {
    const report = trueProbabilityReport(generateRecordBatches({ object: 'Opportunity', rows: 50_000, seed: 3 }));
    assert.ok(report.auc > 0.75 && report.auc < 0.9, `AUC ${report.auc}`);
    const winRate = report.positives / (report.positives + report.negatives);
    assert.ok(winRate > 0.25 && winRate < 0.55, `win rate ${winRate}`);
    assert.ok(report.withoutOutcome > 1000, `${report.withoutOutcome} open`);
  });

  it('should follow the documented models', () => {
    const lead = { leadSource: 'Partner Referral', rating: 'Hot', emailOpens: 8, webVisits: 4, numberOfEmployees: 200, seniority: 3, freeMailAddress: false } as const;
    const logit = -2.1 + 1.1 + 0.7 + 0.55 * Math.log(9) + 0.8 + 0.5 - 0.5 * (Math.log10(200) - 2.3) ** 2 + 0.9;
    assert.ok(Math.abs(leadConversionProbability(lead) - 1 / (1 + Math.exp(-logit))) < 1e-12);
    assert.ok(leadConversionProbability({ ...lead, freeMailAddress: true }) < leadConversionProbability(lead));
    assert.ok(leadConversionProbability({ ...lead, numberOfEmployees: 20_000 }) < leadConversionProbability(lead), 'mid-market converts best');
    const deal = { type: 'Existing Customer - Upgrade', leadSource: 'Web', industry: 'Technology', amount: 20_000, cycleDays: 45, accountEmployees: 100 } as const;
    assert.ok(opportunityWinProbability(deal) > opportunityWinProbability({ ...deal, cycleDays: 200 }), 'long cycles lose');
    assert.ok(opportunityWinProbability(deal) > opportunityWinProbability({ ...deal, cycleDays: 10 }), 'rushed deals lose');
    assert.ok(opportunityWinProbability({ ...deal, type: 'New Customer', amount: 60_000 }) < opportunityWinProbability({ ...deal, type: 'New Customer', amount: 49_000 }) - 0.1);
  });

  it('should draw outcomes that agree with the true probabilities', () => {
    // Calibration by decile: within each band of true probability, the converted share matches it.
    const bands = Array.from({ length: 10 }, () => ({ count: 0, converted: 0, probability: 0 }));
    for (const batch of generateRecordBatches({ object: 'Lead', rows: 50_000, seed: 8, quirks: false })) {
      for (const lead of batch) {
        const band = bands[Math.min(9, Math.floor(lead.__trueProbability * 10))]!;
        band.count++;
        band.probability += lead.__trueProbability;
        if (lead.IsConverted) band.converted++;
      }
    }
    for (const band of bands.filter((each) => each.count > 500)) {
      const expected = band.probability / band.count;
      assert.ok(Math.abs(band.converted / band.count - expected) < 4 * Math.sqrt((expected * (1 - expected)) / band.count) + 0.005, JSON.stringify(band));
    }
  });
});

import type { RecordScoreResult, ScoreResponse, ServedModel } from '@scorebridge/shared';
import type { ScoreRequest } from '../../../src/functions/score-batcher.ts';

/** Answers in the wire format of POST /v1/score (shared/src/serving.ts). */

export const SERVED_MODEL: ServedModel = { name: 'Lead conversion', version: 3, versionId: '0b6f5a34-2c1d-4e6f-8a9b-0c1d2e3f4a5b', via: 'version 3', kind: 'gbdt', explanation: 'tree-shap' };

/** A deterministic probability from a record's `Revenue` field, so tests can tell rows apart. */
export function resultFor(record: Record<string, unknown>): RecordScoreResult {
  if (record.Revenue === 'bad') return { probability: null, score: null, grade: null, reasons: { positive: [], negative: [], otherPoints: 0 }, baseScore: null, problem: 'Revenue "bad" is not a number' };
  const probability = Math.min(0.99, Number(record.Revenue ?? 0) / 1000);
  return {
    probability,
    score: Math.max(1, Math.min(99, Math.round(probability * 100))),
    grade: probability >= 0.5 ? 'B' : 'D',
    reasons: {
      positive: [{ field: 'Revenue', text: `Revenue is ${String(record.Revenue)}`, points: 12 }],
      negative: [{ field: 'Industry', text: 'Industry is Retail', points: -20 }],
      otherPoints: 0,
    },
    baseScore: 30,
  };
}

export function answer(request: ScoreRequest, model: ServedModel = SERVED_MODEL): ScoreResponse {
  return { model, scoredAt: new Date(0).toISOString(), results: request.records.map(resultFor) };
}

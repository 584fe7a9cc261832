import type { ModelVersionRow } from '../db/schema/index.ts';

/** A record's raw score (log-odds) split by input field; the field's value in words only when asked, for the few shown. */
export interface RecordExplanation {
  /** The model's explained fields (a ratio of two is one field, `A/B`). */
  readonly fields: readonly string[];
  /** Log-odds each field added to the base, in `fields` order. */
  readonly contributions: readonly number[];
  /** "Lead source is Partner referral": field `field` and its value as the model read it. */
  describe(field: number): string;
}

/** What a model says about one record, before the request's grade bands and reason count are applied. */
export interface ScoredRecord {
  /** Calibrated probability; null when the record could not be scored. */
  probability: number | null;
  /** Why there is no probability. */
  problem?: string;
  /** Fields that could not be read and were scored as missing. */
  warnings?: string[];
  /** Present when the record was explained. */
  explanation?: RecordExplanation;
}

/**
 * A model version loaded for serving: a native ONNX Runtime session and, for our own models, what
 * explains a score. Loaded once per process and shared by every request (see model-cache.ts).
 */
export interface ServingModel {
  readonly version: ModelVersionRow;
  /** How reasons are computed; null when the version cannot be explained (uploaded ONNX). */
  readonly explanation: 'tree-shap' | 'linear' | null;
  /** Calibrated probability of the model's average record, where reasons start; null when not explained. */
  readonly baseProbability: number | null;
  /** What the cache counts against its memory bound. */
  readonly estimatedBytes: number;
  /** Fields the model reads as dates (Excel sends them as serial numbers); empty when unknown. */
  readonly dateFields: readonly string[];
  /** Scores records in order; `explain[i]` asks for record i's contributions. Never rejects for one bad record. */
  score(records: readonly unknown[], explain: readonly boolean[]): Promise<ScoredRecord[]>;
  /** Frees the native session; called by the cache once no request uses the model. */
  release(): Promise<void>;
}

/**
 * Memory a loaded version takes, estimated from its ONNX file: ONNX Runtime expands a tree
 * ensemble into per-node arrays and gives each session an intra-op thread, and the TypeScript
 * side keeps the parsed trees and their TreeSHAP tables. Measured (RSS after loading 40 copies):
 * gradient-boosted trees with a 93 kB file took 3.3 MB each (35 times the file: the session
 * 1.9 MB, explanations 1.2 MB); logistic regression 2.3 times. The larger, rounded up, bounds both.
 */
export const MEMORY_PER_FILE_BYTE = 40;

export function isRecordObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a request's record cannot be scored at all. */
export function notAnObject(record: unknown): string {
  const what = record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`;
  return `the record is ${what}, not an object of field names and values`;
}

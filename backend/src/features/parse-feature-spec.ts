import { featureSpecSchema, fittedFeatureSpecSchema, type FeatureSpec, type FittedFeatureSpec } from '@scorebridge/shared';
import type { z } from 'zod';
import { ValidationError } from '../errors.ts';

/**
 * Validates a feature spec arriving from outside (an API body, a stored row, a file) and names every
 * bad field, as `spec.columns.2.maxCategories`, in the error's details and the first in its message.
 */
export function parseFeatureSpec(value: unknown): FeatureSpec {
  return parseOrThrow(featureSpecSchema, value, 'spec', 'feature spec');
}

/** The same for a fitted spec, such as one read back from a model version's files. */
export function parseFittedFeatureSpec(value: unknown): FittedFeatureSpec {
  return parseOrThrow(fittedFeatureSpecSchema, value, 'fittedSpec', 'fitted feature spec');
}

function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, root: string, what: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: [root, ...issue.path.map(String)].join('.'), message: issue.message }));
  const first = details[0]!;
  throw new ValidationError(`Invalid ${what}: ${first.field}: ${first.message}`, details);
}

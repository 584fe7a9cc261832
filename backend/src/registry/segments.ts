import { segmentSchema, type Segment } from '@scorebridge/shared';

/** A model as routing sees it: its id, its name for ordering, and its segment (null: the rest). */
export interface RoutedModel {
  id: string;
  nameKey: string;
  segment: unknown;
}

/** The text a field value is compared as: trimmed text; numbers and booleans as JavaScript writes them. */
function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function parseSegment(value: unknown): Segment | null {
  if (value === null || value === undefined) return null;
  return segmentSchema.parse(value);
}

export function recordInSegment(record: Readonly<Record<string, unknown>>, segment: Segment): boolean {
  const text = fieldText(record[segment.field]);
  return text !== null && segment.values.includes(text);
}

/**
 * Which of an object's models scores a record: the first model with a segment (by name) that the
 * record belongs to, else the first model without a segment; null when none claims it. So models
 * for, say, US and EU leads share the Lead fields with a catch-all model for the rest, and each
 * record is scored and written back by exactly one of them.
 */
export function createSegmentRouter(models: readonly RoutedModel[]): (record: Readonly<Record<string, unknown>>) => string | null {
  const byName = [...models].sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0));
  const segmented = byName.flatMap((model) => {
    const segment = parseSegment(model.segment);
    return segment ? [{ id: model.id, segment }] : [];
  });
  const rest = byName.find((model) => parseSegment(model.segment) === null)?.id ?? null;
  return (record) => segmented.find((model) => recordInSegment(record, model.segment))?.id ?? rest;
}

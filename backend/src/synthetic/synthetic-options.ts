import { z } from 'zod';
import { BATCH_SIZE } from '../datasets/table.ts';
import { DEFAULT_QUIRKS, NO_QUIRKS, partialQuirkOptionsSchema, quirkOptionsSchema, type QuirkOptions } from './quirk-options.ts';

export const SYNTHETIC_OBJECTS = Object.freeze(['Lead', 'Opportunity'] as const);
export type SyntheticObjectName = (typeof SYNTHETIC_OBJECTS)[number];

/**
 * A fixed default so that output never depends on the day it is generated; every date is placed
 * relative to it.
 */
export const DEFAULT_AS_OF = '2026-06-30T00:00:00.000Z';

const optionsSchema = z.object({
  object: z.enum(SYNTHETIC_OBJECTS),
  /** Rows produced, duplicates included. */
  rows: z.number().int().min(1).max(10_000_000),
  seed: z.number().int().min(0).max(0xffff_ffff).default(1),
  /** "Today" for the data set: records are created in the `historyDays` before it, never after. */
  asOf: z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]).default(DEFAULT_AS_OF),
  historyDays: z.number().int().min(1).max(3650).default(730),
  /** Accounts the opportunities belong to; by default one for every three opportunities. */
  accounts: z.number().int().min(1).optional(),
  batchSize: z.number().int().min(1).max(1_000_000).default(BATCH_SIZE),
  /** `false` for clean data; otherwise the flaws to change from DEFAULT_QUIRKS. */
  quirks: z.union([z.literal(false), partialQuirkOptionsSchema]).default({}),
});

export type SyntheticDataOptions = z.input<typeof optionsSchema>;

export interface ResolvedSyntheticOptions {
  object: SyntheticObjectName;
  rows: number;
  seed: number;
  asOfMs: number;
  historyDays: number;
  accounts: number;
  batchSize: number;
  quirks: QuirkOptions;
}

/** Throws a ZodError naming the option when one is out of range. */
export function resolveSyntheticOptions(options: SyntheticDataOptions): ResolvedSyntheticOptions {
  const parsed = optionsSchema.parse(options);
  const asOfMs = parsed.asOf instanceof Date ? parsed.asOf.getTime() : Date.parse(parsed.asOf);
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOf ${String(parsed.asOf)} is not a valid date`);
  const quirks = parsed.quirks === false ? { ...NO_QUIRKS } : quirkOptionsSchema.parse({ ...DEFAULT_QUIRKS, ...parsed.quirks });
  return {
    object: parsed.object,
    rows: parsed.rows,
    seed: parsed.seed,
    asOfMs,
    historyDays: parsed.historyDays,
    accounts: parsed.accounts ?? Math.max(1, Math.round(parsed.rows / 3)),
    batchSize: parsed.batchSize,
    quirks,
  };
}

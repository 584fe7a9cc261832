import { z } from 'zod';

/**
 * The flaws of real CRM exports that the generator plants, each switchable and at a chosen rate, so
 * that data-quality checks and importers can be tested against data whose flaws are known exactly.
 * A rate of 0 switches a flaw off. Rates are shares of cells (for cell flaws, among the fields each
 * flaw applies to) or of output rows (for duplicates).
 */
const quirkFields = z.object({
  /** Share of cells in free-text and picklist fields holding a placeholder that means "missing". */
  placeholders: z.number().min(0).max(1),
  /** The placeholders used; users type these into required fields they cannot fill. */
  placeholderValues: z.array(z.string()).min(1).readonly(),
  /** Share of picklist cells spelled another way: a typo, a case variant, a synonym. */
  categoryVariants: z.number().min(0).max(1),
  /** Share of cells in optional fields left empty (null). */
  missingValues: z.number().min(0).max(1),
  /** Share of output rows that repeat a recent row exactly, as overlapping exports do. */
  exactDuplicates: z.number().min(0).max(1),
  /** Share of output rows that repeat a recent row's Id with changed fields, as a later export of the same record does. */
  duplicateIds: z.number().min(0).max(1),
  /** Adds `CurrencyIsoCode`, 'USD' in every row, as in a multi-currency org that only sells in dollars. */
  constantColumn: z.boolean(),
  /** Adds a boolean column (`HasOptedOutOfEmail` on leads, `IsPrivate` on opportunities) that is true in this share of rows; 0 leaves it out. */
  nearConstantColumn: z.number().min(0).max(0.5),
  /**
   * Adds a column that gives the outcome away: on leads `Converted_Date__c`, filled exactly when the
   * lead converted (known only after the outcome); on opportunities `Contract_Signed__c`, which
   * separates won from lost deals almost perfectly (wrong in `leakageNoise` of closed deals).
   */
  leakageColumn: z.boolean(),
  leakageNoise: z.number().min(0).max(0.5),
});

export type QuirkOptions = z.infer<typeof quirkFields>;

/** What callers may pass: any subset, laid over the defaults. */
export const partialQuirkOptionsSchema = quirkFields.partial();

/** One cell gets at most one flaw and one row is at most one kind of duplicate, so the shares must fit in 1. */
export const quirkOptionsSchema = quirkFields
  .refine((quirks) => quirks.placeholders + quirks.categoryVariants + quirks.missingValues <= 1, {
    message: 'placeholders, categoryVariants and missingValues must add up to at most 1',
  })
  .refine((quirks) => quirks.exactDuplicates + quirks.duplicateIds < 1, {
    message: 'exactDuplicates and duplicateIds must add up to less than 1',
  });

export const DEFAULT_QUIRKS: Readonly<QuirkOptions> = Object.freeze({
  placeholders: 0.03,
  placeholderValues: Object.freeze(['Select', 'unknown', 'N/A', '', '-']),
  categoryVariants: 0.03,
  missingValues: 0.05,
  exactDuplicates: 0.01,
  duplicateIds: 0.01,
  constantColumn: true,
  nearConstantColumn: 0.005,
  leakageColumn: false,
  leakageNoise: 0.01,
});

/** Every flaw off: the data as a perfectly kept CRM would hold it. */
export const NO_QUIRKS: Readonly<QuirkOptions> = Object.freeze({
  ...DEFAULT_QUIRKS,
  placeholders: 0,
  categoryVariants: 0,
  missingValues: 0,
  exactDuplicates: 0,
  duplicateIds: 0,
  constantColumn: false,
  nearConstantColumn: 0,
  leakageColumn: false,
});

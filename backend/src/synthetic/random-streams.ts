/**
 * The independent random streams of a synthetic data set. Each record's values come from its own
 * stream keyed by the record's index, and each flaw from another, so that switching a flaw off or
 * changing the duplicate rate leaves every record's values and outcome exactly as they were.
 */
export const RANDOM_STREAMS = Object.freeze({
  /** A record's values and its outcome, then the values of the columns flaws add. */
  record: 1,
  /** The cell flaws of a record (placeholders, variants, missing values). */
  recordFlaws: 2,
  /** An account's values, shared by all its opportunities. */
  account: 3,
  /** The cell flaws of an account's fields, the same in every opportunity of the account. */
  accountFlaws: 4,
  /** Which output rows repeat an earlier one, and how the repeats are changed. */
  duplicates: 5,
} as const);

import type { FieldProblem, FieldProblemCode } from '@scorebridge/shared';

/** Where readers report a field they could not read. Reporting is the rare path; reading never throws. */
export interface ProblemSink {
  report(column: string, code: FieldProblemCode, message: string): void;
}

/**
 * Keeps the first `limit` problems with their row and counts them all, so that a file with a
 * million bad cells costs a counter rather than a million objects. `rowIndex` is set by the caller
 * before each row.
 */
export class ProblemCollector implements ProblemSink {
  readonly problems: FieldProblem[] = [];
  readonly limit: number;
  rowIndex: number | null = null;
  count = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  report(column: string, code: FieldProblemCode, message: string): void {
    this.count += 1;
    if (this.problems.length < this.limit) this.problems.push({ rowIndex: this.rowIndex, column, code, message });
  }
}

/**
 * One sink that readers hold for their whole life, forwarding to whichever collector the current
 * call installed. Transforms are synchronous between installing and reading the collector, so
 * calls on one transformer never see each other's problems.
 */
export class ProblemRouter implements ProblemSink {
  target: ProblemSink = { report: () => {} };

  report(column: string, code: FieldProblemCode, message: string): void {
    this.target.report(column, code, message);
  }
}

/** A value as a problem message quotes it: short, so a 50 MB cell does not become a 50 MB message. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** What kind of JavaScript value arrived, in words, for "wrong type" messages. */
export function describeValueType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

/** Counts problems per column and kind, keeping the first message of each, for the fit's warnings. */
export class ProblemTally implements ProblemSink {
  readonly entries = new Map<string, { column: string; code: FieldProblemCode; count: number; firstMessage: string }>();

  report(column: string, code: FieldProblemCode, message: string): void {
    const key = `${code}\u0000${column}`;
    const entry = this.entries.get(key);
    if (entry) entry.count += 1;
    else this.entries.set(key, { column, code, count: 1, firstMessage: message });
  }
}

/// <reference types="custom-functions-runtime" />
import { ApiError } from '../api/index.ts';

/**
 * Error values for worksheet cells. Excel shows a custom message only with #VALUE! and #N/A, so
 * those are the two used: #N/A when the answer is not available (the service is unreachable, the
 * caller is not signed in), #VALUE! when something in the formula's arguments or the workbook is
 * wrong (a missing column, an unknown model).
 */

export type CellErrorKind = 'notAvailable' | 'invalidValue';

/** Thrown inside the library when an argument is wrong; becomes a #VALUE! (or #N/A) cell. */
export class CellInputError extends Error {
  override name = 'CellInputError';
  readonly kind: CellErrorKind;

  constructor(message: string, kind: CellErrorKind = 'invalidValue') {
    super(message);
    this.kind = kind;
  }
}

export const UNREACHABLE_MESSAGE = 'scoring service unreachable';

export function cellError(kind: CellErrorKind, message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CustomFunctions.ErrorCode[kind], message);
}

export function isCellError(value: unknown): value is CustomFunctions.Error {
  return value instanceof CustomFunctions.Error;
}

/** What a failure looks like in a cell: never a string, always an error value with a short message. */
export function toCellError(error: unknown): CustomFunctions.Error {
  if (isCellError(error)) return error;
  if (error instanceof CellInputError) return cellError(error.kind, error.message);
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'network_error':
      case 'aborted':
      case 'internal_error':
      case 'service_unavailable':
      case 'upstream_failed':
        return cellError('notAvailable', UNREACHABLE_MESSAGE);
      case 'unauthenticated':
        return cellError('notAvailable', 'not signed in: open the Scorebridge pane to sign in');
      case 'forbidden':
        return cellError('notAvailable', `not allowed: ${error.message}`);
      case 'rate_limited':
        return cellError('notAvailable', 'too many requests: recalculate in a minute');
      default:
        return cellError('invalidValue', firstLetterLower(error.message));
    }
  }
  return cellError('notAvailable', `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
}

function firstLetterLower(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** What Salesforce answered for one record of a write. */
export type WriteOutcome = { recordId: string; ok: true } | { recordId: string; ok: false; code: string; message: string };

/**
 * Errors that mean the record no longer exists in Salesforce (deleted, or merged away): sending it
 * again cannot succeed, so such a row is not retried. A rescore after the record is restored (or
 * synced again) makes it pending anew.
 */
const GONE_CODES: ReadonlySet<string> = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);

export function isRecordGone(code: string): boolean {
  return GONE_CODES.has(code);
}

/** How a failure is kept in `record_scores.write_error`: Salesforce's code, then its message. */
export function describeFailure(outcome: Extract<WriteOutcome, { ok: false }>): string {
  const note = isRecordGone(outcome.code) ? ' (the record is gone from Salesforce; not retried)' : '';
  return `${outcome.code}: ${outcome.message}${note}`;
}

/**
 * An sObject Collections save error. Salesforce sends `statusCode`; jsforce's types call it
 * `errorCode`, so either is read.
 */
export interface SaveResultError {
  statusCode?: string | undefined;
  errorCode?: string | undefined;
  message: string;
}

/** One sObject Collections save result as an outcome; several errors are joined into one message. */
export function outcomeOfSaveResult(recordId: string, result: { success: boolean; errors: readonly SaveResultError[] }): WriteOutcome {
  if (result.success) return { recordId, ok: true };
  const [first] = result.errors;
  const code = first?.statusCode ?? first?.errorCode ?? 'UNKNOWN_EXCEPTION';
  const message = result.errors.map((error) => error.message).join('; ') || 'Salesforce reported a failure without a message';
  return { recordId, ok: false, code, message };
}

/**
 * A Bulk API 2.0 `sf__Error` cell as an outcome. Its form is `STATUS_CODE:message:fields --`, with
 * one such part per error; the first code is kept, and the message without the field list.
 */
export function outcomeOfBulkError(recordId: string, cell: string): WriteOutcome {
  const first = cell.split(' --')[0]!.trim();
  const colon = first.indexOf(':');
  if (colon === -1) return { recordId, ok: false, code: first || 'UNKNOWN_EXCEPTION', message: cell.trim() };
  const code = first.slice(0, colon);
  const rest = first.slice(colon + 1);
  // The field list follows the last colon; messages may contain colons themselves.
  const fieldsAt = rest.lastIndexOf(':');
  const message = (fieldsAt === -1 ? rest : rest.slice(0, fieldsAt)).trim();
  return { recordId, ok: false, code, message: message || code };
}

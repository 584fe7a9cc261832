import { ApiError } from '../api/index.ts';

function sentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/**
 * One message for the pane from any failure: the service's own message (which says what to fix),
 * with field details, and a hint for the cases a user can act on.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.details.map((detail) => `${detail.field}: ${detail.message}`).join('; ');
    const message = sentence(details ? `${error.message} (${details})` : error.message);
    switch (error.status) {
      case 401:
        return `${message} Check the key, or ask an admin for a new one (npx scorebridge keys create).`;
      case 413:
        return `${message} The table is larger than the service accepts in one request (its BODY_LIMIT_BYTES): push fewer rows or columns.`;
      case 429:
        return `${message} Wait a minute and try again.`;
      default:
        return error.status >= 500 && error.requestId ? `${message} Request id ${error.requestId}.` : message;
    }
  }
  if (error instanceof Error) return sentence(error.message);
  return sentence(String(error));
}

import { ERROR_CODES } from '@scorebridge/shared';
import { AppError } from '../errors.ts';

/** Where in the input a problem is. Rows count from 1 for the first data row (the header is row 0). */
export interface DataLocation {
  row?: number;
  column?: string;
}

/**
 * Input data that cannot be accepted as it is: a ragged row, an unterminated quote, a file that
 * is not text, a missing target column. The message says what is wrong and what to change; the
 * location names the row and column. It maps to HTTP 422 and to a CLI message with exit code 1.
 */
export class InvalidDataError extends AppError {
  readonly location: DataLocation;

  constructor(message: string, location: DataLocation = {}) {
    const where = [location.row !== undefined ? `row ${location.row}` : undefined, location.column !== undefined ? `column ${JSON.stringify(location.column)}` : undefined]
      .filter(Boolean)
      .join(', ');
    super(422, ERROR_CODES.validationFailed, where ? `${message} (${where})` : message, [
      { field: location.column !== undefined ? `data.${location.column}` : location.row !== undefined ? `data.row ${location.row}` : 'data', message },
    ]);
    this.location = location;
  }
}

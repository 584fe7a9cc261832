import { InvalidDataError } from '../invalid-data-error.ts';
import { countOf, formatCount } from './message-text.ts';

/**
 * Turns the raw cells of a header row into column names, or rejects the header. Every later step
 * (schema inference, feature specs, scoring by column name) needs names that are present and unique,
 * so a header that lacks them is refused here with the positions to fix, rather than renamed
 * behind the user's back. Surrounding whitespace is never meant and is removed.
 *
 * `describePosition` turns a zero-based position into what the user sees: "3" for a CSV file,
 * "3 (C)" for a spreadsheet.
 */
export function columnNamesFromHeader(
  cells: readonly (string | null | undefined)[],
  maxColumns: number,
  describePosition: (index: number) => string = (index) => String(index + 1),
): string[] {
  if (cells.length > maxColumns) {
    throw new InvalidDataError(`The header has ${formatCount(cells.length)} columns; at most ${formatCount(maxColumns)} are allowed`, { row: 0 });
  }
  const names = cells.map((cell) => (cell ?? '').trim());

  const unnamed = names.flatMap((name, index) => (name === '' ? [index] : []));
  if (unnamed.length > 0) {
    throw new InvalidDataError(
      `The header has no name for ${countOf(unnamed.length, 'column')} at ${listPositions(unnamed, describePosition)}; give every column a name`,
      { row: 0 },
    );
  }

  const positionsByName = new Map<string, number[]>();
  names.forEach((name, index) => positionsByName.set(name, [...(positionsByName.get(name) ?? []), index]));
  const duplicates = [...positionsByName.entries()].filter(([, positions]) => positions.length > 1);
  const first = duplicates[0];
  if (first) {
    const described = duplicates.map(([name, positions]) => `${JSON.stringify(name)} at positions ${listPositions(positions, describePosition)}`).join('; ');
    throw new InvalidDataError(`The header repeats column names: ${described}; column names must be unique`, { row: 0, column: first[0] });
  }
  return names;
}

const MAX_LISTED_POSITIONS = 10;

function listPositions(indexes: readonly number[], describePosition: (index: number) => string): string {
  const listed = indexes.slice(0, MAX_LISTED_POSITIONS).map(describePosition).join(', ');
  const rest = indexes.length - MAX_LISTED_POSITIONS;
  return rest > 0 ? `${listed} and ${formatCount(rest)} more` : listed;
}

/**
 * Suggestions for a column name that is not in the data, so that an error can say "did you mean".
 * A name is close when it matches ignoring case and punctuation, when one contains the other, or
 * when it is a few edits away (a typo).
 */

const SUGGESTION_LIMIT = 5;
const LISTED_COLUMNS = 12;

function simplify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Columns close to `name`, closest first. */
export function closeColumnNames(name: string, columns: readonly string[]): string[] {
  const wanted = simplify(name);
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  return columns
    .map((column) => {
      const simple = simplify(column);
      const distance = simple === wanted ? 0 : wanted.length > 2 && (simple.includes(wanted) || wanted.includes(simple)) && simple.length > 2 ? 1 : editDistance(wanted, simple);
      return { column, distance };
    })
    .filter(({ distance }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, SUGGESTION_LIMIT)
    .map(({ column }) => column);
}

/** The end of an error message: ". Did you mean …?" or the columns there are. */
export function suggestColumns(name: string, columns: readonly string[]): string {
  const close = closeColumnNames(name, columns);
  if (close.length > 0) return `. Did you mean ${close.map((column) => JSON.stringify(column)).join(' or ')}?`;
  const listed = columns.slice(0, LISTED_COLUMNS).map((column) => JSON.stringify(column)).join(', ');
  return `. The columns are ${listed}${columns.length > LISTED_COLUMNS ? `, and ${columns.length - LISTED_COLUMNS} more` : ''}.`;
}

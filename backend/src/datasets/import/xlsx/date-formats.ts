/**
 * Which number formats show a number as a date or a time. Excel stores dates as numbers (days
 * since 1899-12-30) and only the cell's number format says that a number is a date, so the format
 * decides whether a cell's text is "45123" or "2023-07-16".
 */
export const DATE_KINDS = Object.freeze({
  date: 'date',
  dateTime: 'dateTime',
  time: 'time',
} as const);

export type DateKind = (typeof DATE_KINDS)[keyof typeof DATE_KINDS];

/**
 * Built-in formats (ECMA-376 part 1, 18.8.30) that are dates or times. 27-36 and 50-58 are the
 * East Asian locales' date formats. 46 ([h]:mm:ss) is a duration, not a time of day, and stays a number.
 */
const BUILT_IN_DATE_KINDS: ReadonlyMap<number, DateKind> = new Map<number, DateKind>([
  ...[14, 15, 16, 17].map((id) => [id, DATE_KINDS.date] as const),
  ...[18, 19, 20, 21, 45, 47].map((id) => [id, DATE_KINDS.time] as const),
  [22, DATE_KINDS.dateTime],
  ...[27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58].map((id) => [id, DATE_KINDS.date] as const),
  ...[32, 33, 55, 56].map((id) => [id, DATE_KINDS.time] as const),
]);

/** Returns the kind of date a format shows, or undefined for a format that shows numbers. */
export function dateKindOfFormat(numFmtId: number, formatCode: string | undefined): DateKind | undefined {
  if (formatCode === undefined) return BUILT_IN_DATE_KINDS.get(numFmtId);
  return dateKindOfFormatCode(formatCode);
}

export function dateKindOfFormatCode(formatCode: string): DateKind | undefined {
  // Only the first section (positive numbers) matters; the others format negatives, zero and text.
  const section = firstSection(formatCode);
  // Elapsed-time formats ([h], [mm], [ss]) are durations; they stay numbers.
  if (/\[(h+|m+|s+)\]/i.test(section)) return undefined;
  const stripped = section
    .replace(/"[^"]*"/g, ' ') // literal text
    .replace(/\\./g, ' ') // escaped characters
    .replace(/\[[^\]]*\]/g, ' ') // colours, conditions, locales
    .replace(/[_*]./g, ' '); // padding and fill characters
  const amPm = /AM\/PM|A\/P/i.test(stripped);
  const codes = stripped.replace(/AM\/PM|A\/P/gi, ' ').match(/y+|m+|d+|h+|s+/gi) ?? [];
  let hasDate = false;
  let hasTime = amPm;
  codes.forEach((code, index) => {
    const letter = code[0]!.toLowerCase();
    if (letter === 'y' || letter === 'd') hasDate = true;
    else if (letter === 'h' || letter === 's') hasTime = true;
    // "m" means minutes right after an hour or right before seconds, and months everywhere else.
    else if (codes[index - 1]?.[0]?.toLowerCase() === 'h' || codes[index + 1]?.[0]?.toLowerCase() === 's') hasTime = true;
    else hasDate = true;
  });
  if (hasDate && hasTime) return DATE_KINDS.dateTime;
  if (hasDate) return DATE_KINDS.date;
  if (hasTime) return DATE_KINDS.time;
  return undefined;
}

function firstSection(formatCode: string): string {
  let quoted = false;
  for (let index = 0; index < formatCode.length; index += 1) {
    const char = formatCode[index];
    if (char === '"') quoted = !quoted;
    else if (char === '\\') index += 1;
    else if (char === ';' && !quoted) return formatCode.slice(0, index);
  }
  return formatCode;
}

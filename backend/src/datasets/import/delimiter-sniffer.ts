/**
 * Guesses the delimiter of a CSV file from its first records. Exports from Excel in many European
 * locales use semicolons (because the comma is their decimal separator), database tools use tabs or
 * pipes, everything else commas; users rarely know which they have.
 *
 * A candidate must appear in the header, and the best one appears in most records exactly as often
 * as in the header. Requiring the header's count is what keeps decimal commas in a semicolon file
 * ("1,5;2,3") from winning: headers hold names, not numbers. Quoted text is skipped, so delimiters
 * inside quoted values do not count.
 */
export const DELIMITER_CANDIDATES = Object.freeze([',', ';', '\t', '|'] as const);

export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

/** Records looked at; enough to see a pattern, few enough to stay within the sample. */
const MAX_SAMPLE_RECORDS = 200;

/**
 * @param sample the start of the file, decoded
 * @param complete whether the sample is the whole file (otherwise its last record may be cut off)
 */
export function sniffDelimiter(sample: string, complete: boolean): Delimiter {
  const records = countPerRecord(sample, complete);
  const header = records[0];
  if (!header) return ',';
  let best: { delimiter: Delimiter; agreement: number; count: number } | undefined;
  DELIMITER_CANDIDATES.forEach((delimiter, candidate) => {
    const count = header[candidate]!;
    if (count === 0) return;
    const rows = records.slice(1);
    const agreement = rows.length === 0 ? 1 : rows.filter((row) => row[candidate] === count).length / rows.length;
    if (!best || agreement > best.agreement || (agreement === best.agreement && count > best.count)) best = { delimiter, agreement, count };
  });
  return best?.delimiter ?? ',';
}

/** For each record of the sample, how often each candidate occurs outside quotes. */
function countPerRecord(sample: string, complete: boolean): number[][] {
  const records: number[][] = [];
  let counts = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let empty = true;
  for (let index = 0; index < sample.length && records.length < MAX_SAMPLE_RECORDS; index += 1) {
    const char = sample[index]!;
    if (char === '"') {
      // A doubled quote inside a quoted value toggles twice, which leaves the state as it was.
      quoted = !quoted;
    } else if (!quoted && (char === '\n' || char === '\r')) {
      if (!empty) records.push(counts);
      counts = DELIMITER_CANDIDATES.map(() => 0);
      empty = true;
      continue;
    } else if (!quoted) {
      const candidate = DELIMITER_CANDIDATES.indexOf(char as Delimiter);
      if (candidate !== -1) counts[candidate]! += 1;
    }
    empty = false;
  }
  // The last record counts only if the sample is the whole file, or if it is the only one there is.
  if (!empty && (complete || records.length === 0)) records.push(counts);
  return records;
}

/**
 * Number and list formatting for sentences that sales analysts read: thousands separators,
 * percentages with one decimal, and quoted values.
 */

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function describeCount(value: number): string {
  return counts.format(value);
}

export function describeNumber(value: number): string {
  return Math.abs(value) >= 1000 ? counts.format(value) : decimals.format(value);
}

/** 0.1127 as "11.3%"; shares that are not exactly 0 or 1 never round to them. */
export function describeShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return 'under 0.1%';
  if (percent < 100 && percent > 99.9) return 'over 99.9%';
  return `${percent.toFixed(percent === Math.round(percent) ? 0 : 1)}%`;
}

export function quote(value: string): string {
  return `"${value}"`;
}

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export function listWords(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

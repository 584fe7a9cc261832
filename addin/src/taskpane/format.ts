/** Numbers and dates as the pane shows them: en-US grouping, fixed decimals, short dates. */

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function decimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '\u2013' : value.toFixed(digits);
}

export function percent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)}%`;
}

export function signedDecimal(value: number, digits = 3): string {
  const text = Math.abs(value).toFixed(digits);
  return value > 0 ? `+${text}` : value < 0 ? `\u2212${text}` : text;
}

export function shortDate(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

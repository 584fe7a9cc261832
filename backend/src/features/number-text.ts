/**
 * The number a trimmed text means, or NaN. These are the dataset profile's rules
 * (datasets/profile/cell-values.ts), so a column the profile calls numeric reads the same here:
 *
 * - plain decimals: optional sign, digits with at most one decimal point, optional exponent
 *   (`-12`, `1234.5`, `.5`, `1e6`);
 * - comma-grouped thousands with groups of exactly three digits and no exponent (`1,234,567.89`);
 * - not numbers: decimal commas (`1,5` and `1.234,5` are ambiguous with grouping), currency and
 *   percent signs, spaces inside, `0x1F`, `Infinity`, and integers with a leading zero such as
 *   `02139`, which are codes (postal codes, account numbers) whose zeros matter.
 *
 * A value too large for a double (`1e400`) comes back as Infinity for the caller to report.
 * Written as a scanner rather than regular expressions because it runs for every numeric cell and
 * allocates nothing for plain numbers.
 */
export function parseNumberText(text: string): number {
  const result = new Float64Array(1);
  parseNumberTextInto(text, result, 0);
  return result[0]!;
}

/** Exact powers of ten: every one up to 10^22 is a double without rounding. */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * The same, storing the number in `into[at]` (NaN when the text is not one): the per-cell form.
 * Short decimals (at most 15 digits, no exponent), which are nearly all CRM numbers, are computed
 * here as digits / 10^k: both are exact doubles, so the one division rounds correctly and gives
 * exactly what `Number()` gives, without the heap number `Number()` allocates for a fraction.
 * Anything longer goes to `Number()`.
 */
export function parseNumberTextInto(text: string, into: Float64Array, at: number): void {
  into[at] = Number.NaN;
  const length = text.length;
  let index = 0;
  const sign = text.charCodeAt(0);
  if (sign === 43 || sign === 45) index += 1;
  const integerStart = index;
  let digits = 0;
  while (index < length && isDigit(text.charCodeAt(index))) {
    digits = digits * 10 + (text.charCodeAt(index) - 48);
    index += 1;
  }
  const integerDigits = index - integerStart;

  if (index < length && text.charCodeAt(index) === 44) {
    into[at] = parseGrouped(text, integerStart, integerDigits);
    return;
  }
  if (integerDigits > 1 && text.charCodeAt(integerStart) === 48) return;

  let fractionDigits = 0;
  if (index < length && text.charCodeAt(index) === 46) {
    index += 1;
    while (index < length && isDigit(text.charCodeAt(index))) {
      digits = digits * 10 + (text.charCodeAt(index) - 48);
      index += 1;
      fractionDigits += 1;
    }
  }
  if (integerDigits + fractionDigits === 0) return;
  if (index === length && integerDigits + fractionDigits <= 15) {
    const magnitude = digits / POWERS_OF_TEN[fractionDigits]!;
    into[at] = sign === 45 ? -magnitude : magnitude;
    return;
  }
  if (index < length) {
    const exponent = text.charCodeAt(index);
    if (exponent !== 101 && exponent !== 69) return;
    index += 1;
    const exponentSign = text.charCodeAt(index);
    if (exponentSign === 43 || exponentSign === 45) index += 1;
    const exponentStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index += 1;
    if (index === exponentStart || index < length) return;
  }
  into[at] = Number(text);
}

/** `1,234,567.89`: a first group of 1-3 digits, then `,ddd` groups, then an optional fraction. */
function parseGrouped(text: string, integerStart: number, firstGroupDigits: number): number {
  if (firstGroupDigits < 1 || firstGroupDigits > 3) return Number.NaN;
  const length = text.length;
  let index = integerStart + firstGroupDigits;
  while (index < length && text.charCodeAt(index) === 44) {
    for (let digit = 1; digit <= 3; digit += 1) {
      if (!isDigit(text.charCodeAt(index + digit))) return Number.NaN;
    }
    index += 4;
  }
  if (index < length) {
    if (text.charCodeAt(index) !== 46) return Number.NaN;
    index += 1;
    const fractionStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index += 1;
    if (index === fractionStart || index < length) return Number.NaN;
  }
  return Number(text.replaceAll(',', ''));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

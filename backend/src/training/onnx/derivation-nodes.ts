import { DAY_MS, EMAIL_DOMAIN_KIND_CODES } from '../../features/index.ts';
import { intAttribute, ONNX_ML_DOMAIN, stringAttribute, stringsAttribute, intsAttribute, type OnnxGraphBuilder } from './graph-builder.ts';
import { TENSOR_DATA_TYPES } from './onnx-proto.ts';
import { DIGITS_LAST_LABEL_PATTERN, EMAIL_SHAPE_PATTERN, freeMailPattern } from './text-patterns.ts';

/**
 * The derivations of the feature spec as graph nodes, each on [N, 1] tensors and giving a double
 * [N, 1] that is NaN when the field is missing. The arithmetic is the TypeScript's, operation for
 * operation (features/date-parts.ts, feature-sources.ts): IEEE division, floor and fmod give the
 * same doubles in any runtime, so tree splits see bit-identical values.
 */

/** `(referenceMs - ms) / DAY_MS`: fractional days, negative after the reference. */
export function appendDaysSince(builder: OnnxGraphBuilder, ms: string, referenceMs: number, prefix: string): string {
  const difference = builder.node('Sub', [builder.doubles('reference_ms', referenceMs), ms], `${prefix}_ms_before`);
  return builder.node('Div', [difference, builder.doubles('day_ms', DAY_MS)], `${prefix}_days_since`);
}

/** `(((day + 3) mod 7) + 7) mod 7` with C's fmod (JavaScript's `%`): 0 Monday ... 6 Sunday. */
export function appendWeekday(builder: OnnxGraphBuilder, epochDay: string, prefix: string): string {
  const seven = builder.doubles('seven', 7);
  const shifted = builder.node('Add', [epochDay, builder.doubles('thursday', 3)], `${prefix}_shifted`);
  const remainder = builder.node('Mod', [shifted, seven], `${prefix}_remainder`, { attributes: [intAttribute('fmod', 1)] });
  const positive = builder.node('Add', [remainder, seven], `${prefix}_positive`);
  return builder.node('Mod', [positive, seven], `${prefix}_weekday`, { attributes: [intAttribute('fmod', 1)] });
}

/** Hinnant's civil-from-days as `monthCode` writes it: 0 January ... 11 December. */
export function appendMonth(builder: OnnxGraphBuilder, epochDay: string, prefix: string): string {
  const constant = (value: number) => builder.doubles(`c${value}`, value);
  const op = (type: 'Add' | 'Sub' | 'Mul', a: string, b: string, name: string) => builder.node(type, [a, b], `${prefix}_${name}`);
  const floorDiv = (a: string, divisor: number, name: string) => builder.node('Floor', [builder.node('Div', [a, constant(divisor)], `${prefix}_${name}_quotient`)], `${prefix}_${name}`);

  const dayOfEpoch = op('Add', epochDay, constant(719_468), 'day_of_epoch');
  const era = floorDiv(dayOfEpoch, 146_097, 'era');
  const dayOfEra = op('Sub', dayOfEpoch, op('Mul', era, constant(146_097), 'era_days'), 'day_of_era');
  // dayOfEra - floor(dayOfEra / 1460) + floor(dayOfEra / 36524) - floor(dayOfEra / 146096), left to right.
  const leapAdjusted = op(
    'Sub',
    op('Add', op('Sub', dayOfEra, floorDiv(dayOfEra, 1460, 'four_years'), 'minus_leaps'), floorDiv(dayOfEra, 36_524, 'centuries'), 'plus_centuries'),
    floorDiv(dayOfEra, 146_096, 'last_day'),
    'leap_adjusted',
  );
  const yearOfEra = floorDiv(leapAdjusted, 365, 'year_of_era');
  // dayOfEra - (365 * yearOfEra + floor(yearOfEra / 4) - floor(yearOfEra / 100))
  const yearStart = op('Sub', op('Add', op('Mul', constant(365), yearOfEra, 'year_days'), floorDiv(yearOfEra, 4, 'leap_years'), 'plus_leap_years'), floorDiv(yearOfEra, 100, 'century_years'), 'year_start');
  const dayOfYear = op('Sub', dayOfEra, yearStart, 'day_of_year');
  const shiftedMonth = floorDiv(op('Add', op('Mul', constant(5), dayOfYear, 'five_days'), constant(2), 'five_days_plus_two'), 153, 'shifted_month');
  // shiftedMonth < 10 ? shiftedMonth + 2 : shiftedMonth - 10 (NaN is not < 10 and stays NaN).
  const early = builder.node('Less', [shiftedMonth, constant(10)], `${prefix}_march_to_december`);
  return builder.node('Where', [early, op('Add', shiftedMonth, constant(2), 'month_early'), op('Sub', shiftedMonth, constant(10), 'month_late')], `${prefix}_month`);
}

/**
 * `emailDomainKindCode` on a text field: invalid unless the address has the right shape and its
 * last label is not all digits; then free when its domain is one of `freeMailDomains`, else corporate.
 */
export function appendEmailDomainKind(builder: OnnxGraphBuilder, field: { text: string; missing: string }, freeMailDomains: readonly string[], prefix: string): string {
  const matches = (pattern: string, name: string) => builder.node('RegexFullMatch', [field.text], `${prefix}_${name}`, { attributes: [stringAttribute('pattern', pattern)] });
  const code = (kind: keyof typeof EMAIL_DOMAIN_KIND_CODES) => builder.doubles(`email_${kind}`, EMAIL_DOMAIN_KIND_CODES[kind]);
  const shaped = matches(EMAIL_SHAPE_PATTERN, 'address_shaped');
  const digitsLast = matches(DIGITS_LAST_LABEL_PATTERN, 'digits_last_label');
  const valid = builder.node('And', [shaped, builder.node('Not', [digitsLast], `${prefix}_not_digits_last_label`)], `${prefix}_valid_address`);
  const freePattern = freeMailPattern(freeMailDomains);
  const validKind = freePattern === null ? code('corporate') : builder.node('Where', [matches(freePattern, 'free_mail'), code('free'), code('corporate')], `${prefix}_valid_kind`);
  const kind = builder.node('Where', [valid, validKind, code('invalid')], `${prefix}_kind`);
  return builder.node('Where', [field.missing, builder.doubles('nan', Number.NaN), kind], `${prefix}_email_kind`);
}

/** numerator / denominator, missing when the result is not finite (a zero denominator, say). */
export function appendRatio(builder: OnnxGraphBuilder, numerator: string, denominator: string, prefix: string): string {
  const quotient = builder.node('Div', [numerator, denominator], `${prefix}_quotient`);
  return builder.node('Where', [builder.node('IsInf', [quotient], `${prefix}_infinite`), builder.doubles('nan', Number.NaN), quotient], `${prefix}_ratio`);
}

/**
 * A learned vocabulary's code: the category's position (LabelEncoder, exact string match), the
 * "other" code for any other text, NaN when missing. int64 codes, then Cast: small integers are exact in double.
 */
export function appendVocabularyCode(builder: OnnxGraphBuilder, field: { text: string; missing: string }, categories: readonly string[], prefix: string): string {
  const otherCode = categories.length;
  const nan = builder.doubles('nan', Number.NaN);
  if (categories.length === 0) return builder.node('Where', [field.missing, nan, builder.doubles('other_code', otherCode)], `${prefix}_code`);
  const codes = builder.node('LabelEncoder', [field.text], `${prefix}_vocabulary_code`, {
    domain: ONNX_ML_DOMAIN,
    attributes: [stringsAttribute('keys_strings', categories), intsAttribute('values_int64s', categories.map((_, code) => code)), intAttribute('default_int64', otherCode)],
  });
  const asDouble = builder.node('Cast', [codes], `${prefix}_vocabulary_code_double`, { attributes: [intAttribute('to', TENSOR_DATA_TYPES.double)] });
  return builder.node('Where', [field.missing, nan, asDouble], `${prefix}_code`);
}

import type { FittedCategoricalFeature, FittedNumericFeature } from '@scorebridge/shared';
import { intAttribute, type OnnxGraphBuilder } from './graph-builder.ts';
import { TENSOR_DATA_TYPES } from './onnx-proto.ts';

/**
 * A fitted feature's encoding, from its raw value (double [N, 1], NaN when missing) to its
 * columns of the feature matrix, as features/feature-writers.ts writes them.
 */

/** `((missing ? fill : x) - center) / scale`, then the 0/1 missing indicator when the feature has one. */
export function appendNumericEncoding(builder: OnnxGraphBuilder, feature: FittedNumericFeature, raw: string, prefix: string): string[] {
  const missing = builder.node('IsNaN', [raw], `${prefix}_is_missing`);
  // With fill null a missing value stays NaN, which is `raw` itself; x - 0 and x / 1 are x exactly.
  let value = feature.fill === null ? raw : builder.node('Where', [missing, builder.doubles(`${prefix}_fill`, feature.fill), raw], `${prefix}_filled`);
  if (feature.center !== 0) value = builder.node('Sub', [value, builder.doubles(`${prefix}_center`, feature.center)], `${prefix}_centered`);
  if (feature.scale !== 1) value = builder.node('Div', [value, builder.doubles(`${prefix}_scale`, feature.scale)], `${prefix}_scaled`);
  return feature.missingIndicator ? [value, toDouble(builder, missing, `${prefix}_missing_indicator`)] : [value];
}

/**
 * Codes (trees): the code itself. One-hot (linear): a 0/1 column per code (kept categories, then
 * "other" for learned vocabularies), by comparing the [N, 1] code with the [K] codes, then the
 * "missing" column; exactly one of them is 1 in every row.
 */
export function appendCategoricalEncoding(builder: OnnxGraphBuilder, feature: FittedCategoricalFeature, code: string, prefix: string): string[] {
  if (feature.encoding === 'codes') return [code];
  const codeCount = feature.categories.length + (feature.other === null ? 0 : 1);
  const codes = builder.doubles(`${prefix}_codes`, Array.from({ length: codeCount }, (_, index) => index));
  const hot = toDouble(builder, builder.node('Equal', [code, codes], `${prefix}_is_code`), `${prefix}_one_hot`);
  return [hot, toDouble(builder, builder.node('IsNaN', [code], `${prefix}_is_missing`), `${prefix}_missing_column`)];
}

function toDouble(builder: OnnxGraphBuilder, tensor: string, prefix: string): string {
  return builder.node('Cast', [tensor], prefix, { attributes: [intAttribute('to', TENSOR_DATA_TYPES.double)] });
}

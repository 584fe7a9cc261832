import type { FeatureSource, FittedCategoricalFeature, FittedFeatureSpec } from '@scorebridge/shared';
import { ValidationError } from '../../errors.ts';
import { describeOutputFeatures, parseFittedFeatureSpec, referenceDateMs } from '../../features/index.ts';
import { appendDaysSince, appendEmailDomainKind, appendMonth, appendRatio, appendVocabularyCode, appendWeekday } from './derivation-nodes.ts';
import { appendCategoricalEncoding, appendNumericEncoding } from './encoding-nodes.ts';
import { intAttribute, type OnnxGraphBuilder } from './graph-builder.ts';
import { declareRawFields, type RawFieldTensors } from './raw-field-tensors.ts';
import { rawFieldMetadata } from './raw-field-metadata.ts';
import { onnxIdentifier, rawFieldInputs, type RawFieldInput } from './raw-inputs.ts';
import { featureMetadata, type InputStage } from './scoring-graph.ts';

/**
 * The input stage of a raw-field model: the record's fields as named inputs (raw-inputs.ts), the
 * fitted spec's derivations and encodings in the graph, and the feature matrix, double [N, F], in
 * the spec's output order (describeOutputFeatures) for the model stage.
 */
export function rawFieldInput(fitted: FittedFeatureSpec, inputs: readonly RawFieldInput[]): InputStage {
  return (builder) => {
    const fields = declareRawFields(builder, inputs, fitted.missingPlaceholders);
    const referenceMs = referenceDateMs(fitted.referenceDate);
    const columns = fitted.features.flatMap((feature) => {
      const prefix = onnxIdentifier(feature.name);
      return feature.kind === 'numeric'
        ? appendNumericEncoding(builder, feature, numericValue(builder, fields, feature.source, referenceMs, prefix), prefix)
        : appendCategoricalEncoding(builder, feature, categoryCode(builder, fields, feature, prefix), prefix);
    });
    return builder.node('Concat', columns, 'features_double', { attributes: [intAttribute('axis', 1)] });
  };
}

/** The raw value of a numeric feature, as feature-sources.ts `createNumericSource` computes it. */
function numericValue(builder: OnnxGraphBuilder, fields: RawFieldTensors, source: FeatureSource, referenceMs: number, prefix: string): string {
  switch (source.derive) {
    case 'value':
      return fields.number(source.column);
    case 'daysSince':
      return appendDaysSince(builder, fields.number(source.column), referenceMs, prefix);
    case 'textLength':
    case 'wordCount':
      return fields.measure(source.column, source.derive);
    case 'ratio':
      return appendRatio(builder, fields.number(source.numerator), fields.number(source.denominator), prefix);
    default:
      throw new Error(`${source.derive} is not a numeric derivation`);
  }
}

/** The code of a categorical feature (NaN when missing), as feature-writers.ts `categoryCoder` computes it. */
function categoryCode(builder: OnnxGraphBuilder, fields: RawFieldTensors, feature: FittedCategoricalFeature, prefix: string): string {
  const source = feature.source;
  switch (source.derive) {
    case 'value':
      return appendVocabularyCode(
        builder,
        fields.text(source.column),
        feature.categories.map((category) => category.value),
        prefix,
      );
    case 'weekday':
      return appendWeekday(builder, fields.epochDay(source.column), prefix);
    case 'month':
      return appendMonth(builder, fields.epochDay(source.column), prefix);
    case 'emailDomainKind':
      return appendEmailDomainKind(builder, fields.text(source.column), source.freeMailDomains, prefix);
    default:
      throw new Error(`${source.derive} does not give a category`);
  }
}

export interface RawFieldModelInput {
  input: InputStage;
  inputs: RawFieldInput[];
  /** The input contract (raw-field-metadata.ts) and the feature order. */
  metadata: Record<string, string>;
}

/**
 * The raw-field input stage for a model whose feature matrix columns are `featureNames`, checked
 * against the spec's output features: a model trained with another spec would read every column
 * shifted.
 */
export function rawFieldModelInput(fittedSpec: FittedFeatureSpec, featureNames: readonly string[]): RawFieldModelInput {
  const fitted = parseFittedFeatureSpec(fittedSpec);
  const specNames = describeOutputFeatures(fitted).map((feature) => feature.name);
  if (specNames.length !== featureNames.length || specNames.some((name, index) => name !== featureNames[index])) {
    const firstDifference = specNames.findIndex((name, index) => name !== featureNames[index]);
    throw new ValidationError("The model's features and the feature spec's differ; export with the feature spec the model was trained with", [
      { field: 'featureSpec.features', message: `the spec gives ${specNames.length} features, the model has ${featureNames.length}; the first difference is at position ${firstDifference === -1 ? specNames.length : firstDifference}` },
    ]);
  }
  const inputs = rawFieldInputs(fitted);
  return { input: rawFieldInput(fitted, inputs), inputs, metadata: { ...featureMetadata(specNames), ...rawFieldMetadata(fitted, inputs) } };
}

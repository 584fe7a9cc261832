import {
  FIXED_VOCABULARIES,
  type CategoricalEncoding,
  type FeatureSource,
  type FeatureSpec,
  type FittedInput,
  type Imputation,
  type NumericMissing,
} from '@scorebridge/shared';
import { ValidationError } from '../errors.ts';
import { asciiLowerCase } from './ascii-case-insensitive-set.ts';
import {
  DEFAULT_DATE_ORDER,
  DEFAULT_FALSE_VALUES,
  DEFAULT_MAX_CATEGORIES,
  DEFAULT_MIN_CATEGORY_COUNT,
  DEFAULT_MISSING_PLACEHOLDERS,
  DEFAULT_TRUE_VALUES,
  defaultNumericMissing,
} from './feature-defaults.ts';
import { DEFAULT_FREE_MAIL_DOMAINS } from './free-mail-domains.ts';

/**
 * A spec as the fit needs it: every default resolved, every column turned into the inputs to read
 * and the features to compute, in output order (columns in spec order, each column's derivations
 * in the order listed, then ratios).
 */

export interface PlannedNumericFeature {
  name: string;
  kind: 'numeric';
  source: FeatureSource;
  impute: Imputation;
  constant: number | null;
  indicator: boolean;
  standardize: boolean;
}

export interface PlannedCategoricalFeature {
  name: string;
  kind: 'categorical';
  source: FeatureSource;
  encoding: CategoricalEncoding;
  /** Labels of a derived feature's fixed vocabulary; null when the vocabulary is learned. */
  fixedVocabulary: readonly string[] | null;
  maxCategories: number;
  minCount: number;
}

export type PlannedFeature = PlannedNumericFeature | PlannedCategoricalFeature;

export interface ExpandedFeatureSpec {
  inputs: FittedInput[];
  features: PlannedFeature[];
  missingPlaceholders: string[];
}

export function expandFeatureSpec(spec: FeatureSpec): ExpandedFeatureSpec {
  const linear = spec.modelKind === 'linear';
  const encoding: CategoricalEncoding = linear ? 'oneHot' : 'codes';
  const inputs: FittedInput[] = [];
  const features: PlannedFeature[] = [];
  const featurePaths: string[] = [];
  let path = '';
  const add = (feature: PlannedFeature): void => {
    features.push(feature);
    featurePaths.push(path);
  };

  const numeric = (name: string, source: FeatureSource, missing: NumericMissing | undefined, standardize: boolean): PlannedNumericFeature => {
    const defaults = defaultNumericMissing(spec.modelKind);
    return {
      name,
      kind: 'numeric',
      source,
      impute: missing?.impute ?? defaults.impute,
      constant: missing?.constant ?? null,
      indicator: missing?.indicator ?? (missing === undefined ? defaults.indicator : false),
      standardize: linear && standardize,
    };
  };
  const fixed = (name: string, source: FeatureSource, vocabulary: readonly string[]): PlannedCategoricalFeature => ({
    name,
    kind: 'categorical',
    source,
    encoding,
    fixedVocabulary: vocabulary,
    maxCategories: vocabulary.length,
    minCount: 1,
  });

  for (const [columnIndex, column] of spec.columns.entries()) {
    const name = column.name;
    path = `spec.columns.${columnIndex}.name`;
    switch (column.type) {
      case 'numeric':
        inputs.push({ column: name, type: 'numeric' });
        add(numeric(name, { derive: 'value', column: name }, column.missing, true));
        break;
      case 'boolean':
        inputs.push({
          column: name,
          type: 'boolean',
          trueValues: (column.trueValues ?? DEFAULT_TRUE_VALUES).map(asciiLowerCase),
          falseValues: (column.falseValues ?? DEFAULT_FALSE_VALUES).map(asciiLowerCase),
        });
        // A 0/1 value needs no scaling: its coefficient already reads as "what being true adds".
        add(numeric(name, { derive: 'value', column: name }, column.missing, false));
        break;
      case 'categorical':
        inputs.push({ column: name, type: 'categorical' });
        add({
          name,
          kind: 'categorical',
          source: { derive: 'value', column: name },
          encoding,
          fixedVocabulary: null,
          maxCategories: column.maxCategories ?? DEFAULT_MAX_CATEGORIES,
          minCount: column.minCount ?? DEFAULT_MIN_CATEGORY_COUNT,
        });
        break;
      case 'date':
        inputs.push({ column: name, type: 'date', dateOrder: column.dateOrder ?? DEFAULT_DATE_ORDER });
        for (const derive of column.derive) {
          const featureName = `${name}:${derive}`;
          if (derive === 'daysSince') add(numeric(featureName, { derive, column: name }, column.missing, true));
          else add(fixed(featureName, { derive, column: name }, FIXED_VOCABULARIES[derive]));
        }
        break;
      case 'text':
        inputs.push({ column: name, type: 'text' });
        for (const derive of column.derive) {
          const featureName = `${name}:${derive}`;
          if (derive === 'emailDomainKind') {
            const freeMailDomains = [...new Set((column.freeMailDomains ?? DEFAULT_FREE_MAIL_DOMAINS).map(asciiLowerCase))];
            add(fixed(featureName, { derive, column: name, freeMailDomains }, FIXED_VOCABULARIES.emailDomainKind));
          } else {
            add(numeric(featureName, { derive, column: name }, column.missing, true));
          }
        }
        break;
    }
  }
  for (const [ratioIndex, ratio] of (spec.ratios ?? []).entries()) {
    path = `spec.ratios.${ratioIndex}.name`;
    const name = ratio.name ?? `${ratio.numerator}/${ratio.denominator}`;
    add(numeric(name, { derive: 'ratio', numerator: ratio.numerator, denominator: ratio.denominator }, ratio.missing, true));
  }

  const seen = new Set<string>();
  features.forEach((feature, index) => {
    if (seen.has(feature.name)) {
      const field = featurePaths[index]!;
      throw new ValidationError(`Invalid feature spec: ${field}: two features would be named "${feature.name}"`, [
        { field, message: `"${feature.name}" is already the name of another feature; rename this one` },
      ]);
    }
    seen.add(feature.name);
  });

  const placeholders = spec.missingPlaceholders ?? DEFAULT_MISSING_PLACEHOLDERS;
  const missingPlaceholders = [...new Set(placeholders.map((placeholder) => asciiLowerCase(placeholder.trim())).filter((placeholder) => placeholder.length > 0))];
  return { inputs, features, missingPlaceholders };
}

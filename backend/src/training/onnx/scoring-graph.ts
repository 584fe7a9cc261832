import type { Calibrator } from '../calibration/index.ts';
import { appendProbability } from './calibrator-nodes.ts';
import { ONNX_ML_DOMAIN, OnnxGraphBuilder } from './graph-builder.ts';
import { encodeModel, TENSOR_DATA_TYPES, type OnnxModel } from './onnx-proto.ts';

/**
 * The frame every exported model shares:
 *
 *   input stage -> features (double [N, F]) -> model -> raw_score -> probability
 *
 * The input stage is the only part that knows where the features come from: `rawFieldInput`
 * (raw-field-stage.ts: the record's fields as named inputs, the feature spec's preprocessing in
 * the graph), `featureMatrixInput` (the transformed matrix as float32 [N, F]) or
 * `featureMatrixDoubleInput` (the same as double, what serving runs). The model and calibrator
 * parts are the same for all.
 */

/** ONNX IR 10 and opsets 21 / ai.onnx.ml 5 (TreeEnsemble): all supported by onnxruntime 1.20 and later. */
export const ONNX_VERSIONS = Object.freeze({ ir: 10, defaultOpset: 21, mlOpset: 5 } as const);

export const GRAPH_NAMES = Object.freeze({
  features: 'features',
  rawScore: 'raw_score',
  probability: 'probability',
  batch: 'N',
} as const);

/** Adds the graph inputs and the nodes that make them a double [N, F] feature matrix; returns its name. */
export type InputStage = (builder: OnnxGraphBuilder) => string;

/** Adds the model's nodes on the double feature matrix; returns the raw score, double [N]. */
export type ModelStage = (builder: OnnxGraphBuilder, features: string) => string;

/** The feature matrix as the graph input "features", float32 [N, F], categorical codes as floats, NaN missing. */
export function featureMatrixInput(featureCount: number): InputStage {
  return (builder) => {
    const input = builder.input(GRAPH_NAMES.features, TENSOR_DATA_TYPES.float, [GRAPH_NAMES.batch, featureCount]);
    return builder.node('Cast', [input], 'features_double', { attributes: [{ name: 'to', value: { kind: 'int', value: TENSOR_DATA_TYPES.double } }] });
  };
}

/**
 * The feature matrix as the graph input "features", double [N, F], exactly as the TypeScript
 * transform writes it: what serving runs on the matrix it computes for the reasons anyway
 * (decision 0026). With doubles in, every threshold and coefficient stays as trained.
 */
export function featureMatrixDoubleInput(featureCount: number): InputStage {
  return (builder) => builder.input(GRAPH_NAMES.features, TENSOR_DATA_TYPES.double, [GRAPH_NAMES.batch, featureCount]);
}

/** ±Infinity becomes NaN: the tree predictor treats it as missing, as training did. */
export function infinityAsMissing(builder: OnnxGraphBuilder, features: string): string {
  const infinite = builder.node('IsInf', [features], 'features_infinite');
  return builder.node('Where', [infinite, builder.doubles('nan', Number.NaN), features], 'features_finite');
}

export interface ScoringModelParts {
  name: string;
  input: InputStage;
  model: ModelStage;
  calibrator: Calibrator | null;
  docString: string;
  metadata?: Readonly<Record<string, string>>;
}

export function buildScoringModel(parts: ScoringModelParts): OnnxModel {
  const builder = new OnnxGraphBuilder();
  const features = parts.input(builder);
  const raw = parts.model(builder, features);
  const probability = appendProbability(builder, raw, parts.calibrator);
  const toFloat = (tensor: string, prefix: string) => builder.node('Cast', [tensor], prefix, { attributes: [{ name: 'to', value: { kind: 'int', value: TENSOR_DATA_TYPES.float } }] });
  builder.output(toFloat(raw, 'raw_score_float'), GRAPH_NAMES.rawScore, TENSOR_DATA_TYPES.float, [GRAPH_NAMES.batch]);
  builder.output(toFloat(probability, 'probability_float'), GRAPH_NAMES.probability, TENSOR_DATA_TYPES.float, [GRAPH_NAMES.batch]);
  return {
    irVersion: ONNX_VERSIONS.ir,
    opsetImports: [
      { domain: '', version: ONNX_VERSIONS.defaultOpset },
      { domain: ONNX_ML_DOMAIN, version: ONNX_VERSIONS.mlOpset },
    ],
    producerName: 'scorebridge',
    producerVersion: '0.1.0',
    docString: parts.docString,
    graph: builder.build(parts.name),
    metadata: parts.metadata,
  };
}

export interface OnnxExport {
  /** The bytes of the .onnx file. */
  onnx: Uint8Array;
}

/** The column order of the "features" input, for whoever feeds the model without Scorebridge code. */
export function featureMetadata(names: readonly string[]): Record<string, string> {
  return { 'scorebridge.features': JSON.stringify(names) };
}

export function encodeScoringModel(parts: ScoringModelParts): Uint8Array {
  return encodeModel(buildScoringModel(parts));
}

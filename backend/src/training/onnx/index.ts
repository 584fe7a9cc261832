/**
 * ONNX export: trained models (gradient-boosted trees, logistic regression) and their calibrator
 * as self-contained ONNX files, written with our own protobuf encoder. With the fitted feature
 * spec, the graph takes the raw record fields and `createRawFieldFeedBuilder` makes its inputs.
 */
export { exportGbdtToOnnx } from './export-gbdt.ts';
export type { GbdtOnnxExport, GbdtOnnxOptions } from './export-gbdt.ts';
export { exportLogisticToOnnx } from './export-logistic.ts';
export type { LogisticOnnxOptions } from './export-logistic.ts';
export type { Float32ThresholdReport, ThresholdCollision } from './float32-thresholds.ts';
export { buildScoringModel, featureMatrixDoubleInput, featureMatrixInput, GRAPH_NAMES, ONNX_VERSIONS } from './scoring-graph.ts';
export type { InputStage, ModelStage, OnnxExport, ScoringModelParts } from './scoring-graph.ts';
export { OnnxGraphBuilder } from './graph-builder.ts';
export { encodeModel } from './onnx-proto.ts';
export type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from './onnx-proto.ts';
export { createRawFieldFeedBuilder } from './raw-field-feeds.ts';
export type { OnnxFeed, RawFieldFeedBuilder, RawFieldFeedOptions, RawFieldFeeds } from './raw-field-feeds.ts';
export { RAW_FIELD_METADATA_KEYS } from './raw-field-metadata.ts';
export type { RawInputDescription } from './raw-field-metadata.ts';
export { rawFieldInput, rawFieldModelInput } from './raw-field-stage.ts';
export type { RawFieldModelInput } from './raw-field-stage.ts';
export { rawFieldInputs, SUPPLIED_DERIVATIONS } from './raw-inputs.ts';
export { SESSION_OPTIONS } from './session-options.ts';
export type { RawFieldInput, SuppliedDerivation } from './raw-inputs.ts';

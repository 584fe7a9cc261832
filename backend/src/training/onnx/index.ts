/**
 * ONNX export: trained models (gradient-boosted trees, logistic regression) and their calibrator
 * as self-contained ONNX files, written with our own protobuf encoder.
 */
export { exportGbdtToOnnx } from './export-gbdt.ts';
export type { GbdtOnnxExport, GbdtOnnxOptions } from './export-gbdt.ts';
export { exportLogisticToOnnx } from './export-logistic.ts';
export type { LogisticOnnxOptions } from './export-logistic.ts';
export type { Float32ThresholdReport, ThresholdCollision } from './float32-thresholds.ts';
export { buildScoringModel, featureMatrixInput, GRAPH_NAMES, ONNX_VERSIONS } from './scoring-graph.ts';
export type { InputStage, ModelStage, OnnxExport, ScoringModelParts } from './scoring-graph.ts';
export { OnnxGraphBuilder } from './graph-builder.ts';
export { encodeModel } from './onnx-proto.ts';
export type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from './onnx-proto.ts';

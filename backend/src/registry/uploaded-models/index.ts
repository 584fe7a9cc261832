export { decodeOnnxModel } from './decode-onnx-model.ts';
export type {
  DecodedAttribute,
  DecodedAttributeValue,
  DecodedGraph,
  DecodedNode,
  DecodedOnnxModel,
  DecodedTensor,
  DecodedType,
  DecodedValueInfo,
  Dimension,
  OpsetImport,
} from './decoded-model.ts';
export { fieldMappingFromList, fieldMappingSchema, parseFieldMapping } from './field-mapping.ts';
export type { FieldMapping, NamedFieldMapping, TensorFieldMapping } from './field-mapping.ts';
export { inspectUploadedModel } from './inspect-uploaded-model.ts';
export type { InspectedUploadedModel, UploadedModelOptions } from './inspect-uploaded-model.ts';
export { parseUploadedModelInspection, uploadedModelInspectionSchema } from './inspection.ts';
export type { ModelValue, UploadedModelInspection } from './inspection.ts';
export type { FeedElementType, InputFeed } from './resolve-field-mapping.ts';
export { createUploadedModelScorer } from './uploaded-model-scorer.ts';
export type { UploadedModelScorer, UploadedModelScorerOptions, UploadedRecordScore } from './uploaded-model-scorer.ts';

import { z } from 'zod';
import { describeType, type DecodedValueInfo } from './decoded-model.ts';
import { fieldMappingSchema } from './field-mapping.ts';
import { elementTypeName } from './onnx-field-numbers.ts';
import { inputFeedSchema } from './resolve-field-mapping.ts';

/** An input or output of the served model. `elementType` null: not a tensor, or no type declared (`type` says which). */
export const modelValueSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  elementType: z.string().nullable(),
  /** Fixed sizes, symbolic names, null for a free unnamed axis; null when the rank is unknown. */
  shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable(),
});
export type ModelValue = z.output<typeof modelValueSchema>;

/**
 * What registering an uploaded model keeps besides the served .onnx bytes: enough to score with
 * `createUploadedModelScorer` and to show the user what was accepted and changed. Plain JSON, so
 * that it can be stored as it is and read back with `parseUploadedModelInspection`.
 */
export const uploadedModelInspectionSchema = z
  .strictObject({
    producer: z.strictObject({ name: z.string(), version: z.string() }),
    irVersion: z.number().int(),
    opsets: z.array(z.strictObject({ domain: z.string(), version: z.number().int() })),
    /** Of the served model, after the rewrites. */
    inputs: z.array(modelValueSchema),
    outputs: z.array(modelValueSchema),
    /** The float/double [N, C] output; column j is the probability of `classLabels[j]`. */
    probabilityOutput: z.string(),
    classLabels: z.array(z.string()).min(2),
    positiveIndex: z.number().int().nonnegative(),
    positiveLabel: z.string(),
    /** The mapping as the uploader gave it. */
    mapping: fieldMappingSchema,
    /** How records fill each graph input, resolved against the model. */
    feeds: z.array(inputFeedSchema).min(1),
    /** 'one-row': the model only runs on one row at a time, so the scorer feeds rows singly. */
    batching: z.enum(['any', 'one-row']),
    /** What was changed in the uploaded file, in words. */
    rewrites: z.array(z.string()),
    /** What the checks found that the user should know: where the labels come from, the positive class, oddities. */
    notes: z.array(z.string()),
    metadata: z.record(z.string(), z.string()),
  })
  .refine((inspection) => inspection.classLabels[inspection.positiveIndex] === inspection.positiveLabel, {
    message: 'positiveLabel must be classLabels[positiveIndex]',
    path: ['positiveLabel'],
  });
export type UploadedModelInspection = z.output<typeof uploadedModelInspectionSchema>;

/** An inspection read back from storage; a malformed one is a bug, not the user's input, so this throws a plain error. */
export function parseUploadedModelInspection(value: unknown): UploadedModelInspection {
  return uploadedModelInspectionSchema.parse(value);
}

export function describeModelValue(info: DecodedValueInfo): ModelValue {
  const type = info.type;
  return {
    name: info.name,
    type: describeType(type),
    elementType: type?.kind === 'tensor' ? elementTypeName(type.elemType) : null,
    shape: type?.kind === 'tensor' ? type.shape : null,
  };
}

import { z } from 'zod';
import { uploadRejected } from './upload-rejected.ts';

/**
 * How record fields fill an uploaded model's inputs, as the uploader gives it:
 *
 * - `tensor`: the fields, in order, are the columns of the model's one float or double [N, width]
 *   input (`input` names it; optional when the model has one input). The CLI's `--fields a,b,c`.
 * - `named`: each graph input, by name, is filled from one record field, as models exported from a
 *   pipeline with one input per column have them. The CLI's `--mapping <file.json>`.
 */
export const tensorFieldMappingSchema = z.strictObject({
  kind: z.literal('tensor'),
  input: z.string().min(1).optional(),
  fields: z.array(z.string().trim().min(1, 'a field name cannot be empty')).min(1, 'list at least one field'),
});

export const namedFieldMappingSchema = z.strictObject({
  kind: z.literal('named'),
  inputs: z.record(z.string().min(1), z.string().trim().min(1, 'a field name cannot be empty')),
});

export const fieldMappingSchema = z.discriminatedUnion('kind', [tensorFieldMappingSchema, namedFieldMappingSchema]);

export type TensorFieldMapping = z.output<typeof tensorFieldMappingSchema>;
export type NamedFieldMapping = z.output<typeof namedFieldMappingSchema>;
export type FieldMapping = z.output<typeof fieldMappingSchema>;

const MAPPING_EXAMPLE = '{"kind": "tensor", "fields": ["age", "income"]} or {"kind": "named", "inputs": {"age": "Age__c", "sex": "Gender"}}';

/** A mapping from JSON (a `--mapping` file, an API body); every bad part is named as `mapping.inputs.age`. */
export function parseFieldMapping(value: unknown): FieldMapping {
  const result = fieldMappingSchema.safeParse(value);
  if (result.success) return result.data;
  throw uploadRejected(
    result.error.issues.map((issue) => {
      const field = ['mapping', ...issue.path.map(String)].join('.');
      return { field, message: `Invalid field mapping: ${field}: ${issue.message}. A mapping looks like ${MAPPING_EXAMPLE}.` };
    }),
  );
}

/** The CLI's `--fields a,b,c`: a tensor mapping of those fields, in that order. */
export function fieldMappingFromList(list: string): TensorFieldMapping {
  return parseFieldMapping({ kind: 'tensor', fields: list.split(',') }) as TensorFieldMapping;
}

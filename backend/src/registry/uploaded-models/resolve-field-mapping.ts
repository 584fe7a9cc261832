import { z } from 'zod';
import { describeType, feedInputs, type DecodedOnnxModel, type DecodedValueInfo } from './decoded-model.ts';
import { ELEMENT_TYPE, elementTypeName } from './onnx-field-numbers.ts';
import type { FieldMapping, NamedFieldMapping, TensorFieldMapping } from './field-mapping.ts';
import { quote, uploadRejected, type UploadProblem } from './upload-rejected.ts';

/** The element types records can fill, as onnxruntime-node's tensors take them. */
export const FEED_ELEMENT_TYPES = ['float', 'double', 'int64', 'int32', 'string'] as const;
export type FeedElementType = (typeof FEED_ELEMENT_TYPES)[number];

/**
 * How one graph input is filled from a batch of records: each record gives `fields`, in order, as
 * one row, so the tensor is [rows, fields.length] (rank 2) or [rows] (rank 1, one field).
 */
export const inputFeedSchema = z.strictObject({
  input: z.string(),
  elementType: z.enum(FEED_ELEMENT_TYPES),
  fields: z.array(z.string()).min(1),
  rank: z.union([z.literal(1), z.literal(2)]),
});
export type InputFeed = z.output<typeof inputFeedSchema>;

const FEEDABLE: ReadonlyMap<number, FeedElementType> = new Map([
  [ELEMENT_TYPE.float, 'float'],
  [ELEMENT_TYPE.double, 'double'],
  [ELEMENT_TYPE.int64, 'int64'],
  [ELEMENT_TYPE.int32, 'int32'],
  [ELEMENT_TYPE.string, 'string'],
]);

/**
 * Checks the mapping against the model's inputs and says how each input is fed. Every problem is
 * reported at once, each with what to change: an input the mapping misses or names wrongly, a
 * field count that does not match an input's width, an element type records cannot fill.
 */
export function resolveFieldMapping(model: DecodedOnnxModel, mapping: FieldMapping): InputFeed[] {
  const inputs = feedInputs(model.graph);
  return mapping.kind === 'tensor' ? [resolveTensorMapping(inputs, mapping)] : resolveNamedMapping(inputs, mapping);
}

function resolveTensorMapping(inputs: readonly DecodedValueInfo[], mapping: TensorFieldMapping): InputFeed {
  const input = mapping.input === undefined ? inputs[0] : inputs.find((candidate) => candidate.name === mapping.input);
  if (input === undefined && mapping.input !== undefined) {
    throw uploadRejected({ field: 'mapping.input', message: `The model has no input ${quote(mapping.input)}; its inputs are ${listInputs(inputs)}.` });
  }
  if (input === undefined || inputs.length > 1) {
    throw uploadRejected({
      field: 'mapping',
      message: `The model has ${inputs.length} inputs (${listInputs(inputs)}), and a field list fills only one. Map every input to a record field with a named mapping, such as {"kind": "named", "inputs": {${inputs
        .slice(0, 2)
        .map((other) => `${quote(other.name)}: "<record field>"`)
        .join(', ')}}} (CLI: --mapping <file.json>).`,
    });
  }
  const type = input.type;
  const elementType = type?.kind === 'tensor' ? FEEDABLE.get(type.elemType) : undefined;
  if (type?.kind !== 'tensor' || (elementType !== 'float' && elementType !== 'double')) {
    throw uploadRejected({
      field: 'mapping',
      message: `Input ${quote(input.name)} is ${describeType(type)}; a field list fills a float or double [N, width] input. Export the model with a float input for the fields.`,
    });
  }
  const fields = mapping.fields;
  const shape = type.shape ?? [null, null];
  const width = shape.length === 2 ? shape[1] : shape.length === 1 ? 1 : undefined;
  if (width === undefined) {
    throw uploadRejected({ field: 'mapping', message: `Input ${quote(input.name)} is ${describeType(type)}; a field list fills an input of shape [N, width]. Export the model with a two-dimensional input.` });
  }
  if (typeof width === 'number' && width !== fields.length) {
    throw uploadRejected({
      field: 'mapping.fields',
      message: `Input ${quote(input.name)} takes ${width} value${width === 1 ? '' : 's'} per row (${describeType(type)}) but the mapping lists ${fields.length} field${fields.length === 1 ? '' : 's'} (${fields.join(', ')}): list exactly ${width}, in the column order the model was trained with.`,
    });
  }
  return { input: input.name, elementType, fields, rank: shape.length === 1 ? 1 : 2 };
}

function resolveNamedMapping(inputs: readonly DecodedValueInfo[], mapping: NamedFieldMapping): InputFeed[] {
  const problems: UploadProblem[] = [];
  const names = new Set(inputs.map((input) => input.name));
  const unknown = Object.keys(mapping.inputs).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    problems.push(
      ...unknown.map((name) => ({ field: `mapping.inputs.${name}`, message: `The mapping names input ${quote(name)}, which the model does not have.` })),
      { field: 'mapping.inputs', message: `The model's inputs are ${listInputs(inputs)}.` },
    );
  }
  const feeds: InputFeed[] = [];
  for (const input of inputs) {
    const field = Object.hasOwn(mapping.inputs, input.name) ? mapping.inputs[input.name] : undefined;
    if (field === undefined) {
      problems.push({ field: `mapping.inputs.${input.name}`, message: `Input ${quote(input.name)} (${describeType(input.type)}) is not mapped: add ${quote(input.name)}: "<record field>" to "inputs".` });
      continue;
    }
    const feed = singleFieldFeed(input, field);
    if (typeof feed === 'string') problems.push({ field: `mapping.inputs.${input.name}`, message: feed });
    else feeds.push(feed);
  }
  if (problems.length > 0) throw uploadRejected(problems);
  return feeds;
}

/** An input of one value per row, [N, 1] or [N]; or what is wrong with it. */
function singleFieldFeed(input: DecodedValueInfo, field: string): InputFeed | string {
  const type = input.type;
  if (type?.kind !== 'tensor') return `Input ${quote(input.name)} is ${describeType(type)}; record fields can fill tensor inputs only.`;
  const elementType = FEEDABLE.get(type.elemType);
  if (elementType === undefined) {
    return `Input ${quote(input.name)} holds ${elementTypeName(type.elemType)} values, which records cannot fill (supported: ${FEED_ELEMENT_TYPES.join(', ')}). Export the model with one of those input types.`;
  }
  const shape = type.shape ?? [null, null];
  const width = shape[1];
  if (shape.length === 1) return { input: input.name, elementType, fields: [field], rank: 1 };
  if (shape.length === 2 && (typeof width !== 'number' || width === 1)) return { input: input.name, elementType, fields: [field], rank: 2 };
  if (shape.length === 2) {
    return `Input ${quote(input.name)} takes ${width} values per row (${describeType(type)}), and a named mapping fills an input from one field. An input of several values is filled from a field list, {"kind": "tensor", "fields": [${width} fields in order]}, when it is the model's only input.`;
  }
  return `Input ${quote(input.name)} is ${describeType(type)}; record fields fill inputs of shape [N] or [N, width].`;
}

function listInputs(inputs: readonly DecodedValueInfo[]): string {
  return inputs.map((input) => `${input.name} (${describeType(input.type)})`).join(', ') || 'none';
}

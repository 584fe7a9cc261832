import { TENSOR_DATA_TYPES, type OnnxAttribute, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValueInfo, type TensorDataType } from './onnx-proto.ts';

/**
 * Builds a graph step by step: each step adds nodes reading tensors that earlier steps produced
 * and returns the names of its outputs. That is what lets the scoring graph be assembled from
 * stages (an input stage, the model, the calibrator) and a preprocessing stage be put in front of
 * the model later without touching the rest.
 */

/** The default domain's operators are written with domain ''. */
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

export class OnnxGraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly usedNames = new Set<string>();

  /** A tensor name not used before: `prefix`, then `prefix_1`, `prefix_2`, ... */
  uniqueName(prefix: string): string {
    let name = prefix;
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${prefix}_${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /** A graph input; its name is kept exactly, since callers feed it by name. */
  input(name: string, elemType: TensorDataType, shape: readonly (number | string)[]): string {
    if (this.usedNames.has(name)) throw new Error(`The graph already has a tensor named "${name}"`);
    this.usedNames.add(name);
    this.inputs.push({ name, elemType, shape });
    return name;
  }

  /** Exposes `tensor` as the graph output `name` (through Identity, so internal names stay free). */
  output(tensor: string, name: string, elemType: TensorDataType, shape: readonly (number | string)[]): void {
    if (this.usedNames.has(name)) throw new Error(`The graph already has a tensor named "${name}"`);
    this.usedNames.add(name);
    this.nodes.push({ opType: 'Identity', name: `output_${name}`, inputs: [tensor], outputs: [name] });
    this.outputs.push({ name, elemType, shape });
  }

  /** A constant tensor (an initializer). */
  constant(prefix: string, dataType: TensorDataType, dims: readonly number[], data: OnnxTensor['data']): string {
    const name = this.uniqueName(prefix);
    this.initializers.push({ name, dataType, dims, data });
    return name;
  }

  /** A double constant: a scalar for a number, a 1-D tensor for a list (unless `dims` says otherwise). */
  doubles(prefix: string, values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    return this.constant(prefix, TENSOR_DATA_TYPES.double, dims ?? (typeof values === 'number' ? [] : [list.length]), Float64Array.from(list));
  }

  int64s(prefix: string, values: readonly number[]): string {
    return this.constant(prefix, TENSOR_DATA_TYPES.int64, [values.length], BigInt64Array.from(values, (value) => BigInt(value)));
  }

  /** One node with one output, named after `prefix`; returns the output's name. */
  node(opType: string, inputs: readonly string[], prefix: string, options: { attributes?: readonly OnnxAttribute[]; domain?: string } = {}): string {
    const output = this.uniqueName(prefix);
    this.nodes.push({ opType, name: `${opType}_${output}`, inputs, outputs: [output], attributes: options.attributes, domain: options.domain });
    return output;
  }

  build(name: string, docString?: string): OnnxGraph {
    return { name, nodes: [...this.nodes], initializers: [...this.initializers], inputs: [...this.inputs], outputs: [...this.outputs], docString };
  }
}

// Attribute helpers, so node definitions read like the operator's documentation.

export const intAttribute = (name: string, value: number): OnnxAttribute => ({ name, value: { kind: 'int', value } });
export const intsAttribute = (name: string, value: readonly number[]): OnnxAttribute => ({ name, value: { kind: 'ints', value } });
export const stringAttribute = (name: string, value: string): OnnxAttribute => ({ name, value: { kind: 'string', value } });
export const stringsAttribute = (name: string, value: readonly string[]): OnnxAttribute => ({ name, value: { kind: 'strings', value } });
export const tensorAttribute = (name: string, tensor: OnnxTensor): OnnxAttribute => ({ name, value: { kind: 'tensor', value: tensor } });

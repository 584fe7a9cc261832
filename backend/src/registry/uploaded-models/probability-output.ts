import { attributeOf, describeType, type DecodedNode, type DecodedOnnxModel, type DecodedValueInfo } from './decoded-model.ts';
import { ELEMENT_TYPE } from './onnx-field-numbers.ts';
import { quote, uploadRejected } from './upload-rejected.ts';

/**
 * Which output of an uploaded classifier holds the class probabilities, and what must change for
 * onnxruntime-node to return it. Converters for scikit-learn and friends end classifiers in a
 * ZipMap (`ai.onnx.ml`), turning the float [N, C] probabilities into a sequence of maps from class
 * label to probability, which onnxruntime-node cannot return ("Non tensor type is temporarily not
 * supported"); the tensor it reads is what we serve instead, and its labels name the columns.
 */

export interface ZipMapRemoval {
  nodeIndex: number;
  nodeName: string;
  /** The graph output that is the ZipMap's sequence of maps. */
  output: string;
  /** The float [N, C] tensor the ZipMap reads, served as an output instead. */
  probabilities: string;
  labels: string[];
  /** The probabilities are a graph output already, so the ZipMap's output is only dropped. */
  alreadyAnOutput: boolean;
}

export interface ProbabilityOutputPlan {
  zipMap: ZipMapRemoval | null;
  /** The tensor output, after the rewrite, whose column j is the probability of class j. */
  probabilityOutput: string;
  /** null when the model does not say; the columns are then labelled 0, 1, ... from the runtime's output width. */
  classLabels: string[] | null;
  /** Where the labels come from, for the inspection's notes. */
  labelSource: string;
}

const TOOL_ADVICE = 'For skl2onnx, convert with options={id(model): {"zipmap": False}} or keep the default ZipMap; for onnxmltools, keep the classifier\'s probability output.';

export function planProbabilityOutput(model: DecodedOnnxModel): ProbabilityOutputPlan {
  const { graph } = model;
  const zipMaps = graph.nodes.map((node, nodeIndex) => ({ node, nodeIndex })).filter(({ node }) => isZipMap(node));
  const zipMapOutputs = new Set(zipMaps.flatMap(({ node }) => node.outputs));
  rejectNonTensorOutputs(graph.outputs, zipMapOutputs);

  const servedZipMaps = zipMaps.filter(({ node }) => graph.outputs.some((output) => output.name === node.outputs[0]));
  if (servedZipMaps.length > 1) {
    throw uploadRejected({
      field: 'file',
      message: `The model has ${servedZipMaps.length} ZipMap outputs (${servedZipMaps.map(({ node }) => quote(node.outputs[0]!)).join(', ')}), one per predicted target; Scorebridge scores one target. Upload a model with one classifier.`,
    });
  }
  const served = servedZipMaps[0];
  if (served) return zipMapPlan(model, served.node, served.nodeIndex);
  return tensorOutputPlan(model);
}

function isZipMap(node: DecodedNode): boolean {
  return node.opType === 'ZipMap' && node.domain === 'ai.onnx.ml';
}

function rejectNonTensorOutputs(outputs: readonly DecodedValueInfo[], zipMapOutputs: ReadonlySet<string>): void {
  const problems = outputs
    .filter((output) => output.type !== null && output.type.kind !== 'tensor' && !zipMapOutputs.has(output.name))
    .map((output) => ({
      field: 'file',
      message: `Output ${quote(output.name)} is a ${describeType(output.type)}, which onnxruntime-node cannot return; only a ZipMap over class probabilities is rewritten into a tensor. Export the model with tensor outputs only and upload it again. ${TOOL_ADVICE}`,
    }));
  if (problems.length > 0) throw uploadRejected(problems);
}

function zipMapPlan(model: DecodedOnnxModel, node: DecodedNode, nodeIndex: number): ProbabilityOutputPlan {
  const output = node.outputs[0]!;
  const probabilities = node.inputs[0];
  const consumer = model.graph.nodes.find((other) => other.inputs.includes(output));
  if (probabilities === undefined || consumer !== undefined) {
    throw uploadRejected({
      field: 'file',
      message: `The ZipMap ${quote(node.name)} ${consumer ? `feeds node ${quote(consumer.name)}` : 'has no input'}, so it cannot be removed to serve its probabilities as a tensor. Export the model without the ZipMap and upload it again. ${TOOL_ADVICE}`,
    });
  }
  const labels = labelsOf(node);
  return {
    zipMap: {
      nodeIndex,
      nodeName: node.name,
      output,
      probabilities,
      labels: labels ?? [],
      alreadyAnOutput: model.graph.outputs.some((graphOutput) => graphOutput.name === probabilities),
    },
    probabilityOutput: probabilities,
    classLabels: labels,
    labelSource: `the ZipMap ${quote(node.name)}`,
  };
}

/** A model converted without ZipMap: its one float/double [N, C] output, preferring one named like a probability. */
function tensorOutputPlan(model: DecodedOnnxModel): ProbabilityOutputPlan {
  const candidates = model.graph.outputs.filter(isProbabilityShaped);
  const named = candidates.filter((output) => /prob/i.test(output.name));
  const chosen = candidates.length === 1 ? candidates[0] : named.length === 1 ? named[0] : undefined;
  const outputList = model.graph.outputs.map((output) => `${output.name} (${describeType(output.type)})`).join(', ');
  if (chosen === undefined && candidates.length > 1) {
    throw uploadRejected({
      field: 'file',
      message: `The model has several outputs that could be class probabilities (${candidates.map((output) => quote(output.name)).join(', ')}) and none is named like one. Export it with one probability output and upload it again.`,
    });
  }
  if (chosen === undefined) {
    throw uploadRejected({
      field: 'file',
      message: `The model has no class-probability output: its outputs are ${outputList || 'none'}. Scorebridge scores with the probability of a class, so it needs a float [N, C] output or a ZipMap (converters write one for classifiers that have predict_proba); a regressor or a label-only model cannot be uploaded.`,
    });
  }
  const classifiers = model.graph.nodes.map((node) => ({ node, labels: labelsOf(node) })).filter((entry) => entry.labels !== null);
  const labelled = classifiers.length === 1 ? classifiers[0]! : undefined;
  return {
    zipMap: null,
    probabilityOutput: chosen.name,
    classLabels: labelled?.labels ?? null,
    labelSource: labelled ? `the classifier ${quote(labelled.node.name)}` : 'the column numbers (the model names no class labels)',
  };
}

function isProbabilityShaped(output: DecodedValueInfo): boolean {
  const type = output.type;
  if (type?.kind !== 'tensor' || (type.elemType !== ELEMENT_TYPE.float && type.elemType !== ELEMENT_TYPE.double)) return false;
  return type.shape !== null && type.shape.length === 2 && type.shape[1] !== 1;
}

/** Class labels as text, from the attribute a ZipMap or an ai.onnx.ml classifier carries them in. */
function labelsOf(node: DecodedNode): string[] | null {
  for (const name of ['classlabels_int64s', 'classlabels_ints', 'classlabels_strings']) {
    const value = attributeOf(node, name);
    if (value?.kind === 'ints' || value?.kind === 'strings') return value.value.map(String);
  }
  return null;
}

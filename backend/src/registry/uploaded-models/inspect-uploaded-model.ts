import * as ort from 'onnxruntime-node';
import { findFixedBatchAxis } from './batch-dimension.ts';
import { buildFeeds } from './build-feeds.ts';
import { decodeOnnxModel } from './decode-onnx-model.ts';
import { feedInputs, type DecodedOnnxModel } from './decoded-model.ts';
import { parseFieldMapping, type FieldMapping } from './field-mapping.ts';
import { describeModelValue, type UploadedModelInspection } from './inspection.ts';
import { resolvePositiveClass } from './positive-class.ts';
import { planProbabilityOutput, type ProbabilityOutputPlan } from './probability-output.ts';
import { resolveFieldMapping, type InputFeed } from './resolve-field-mapping.ts';
import { rewriteForServing, type ServingModel } from './rewrite-for-serving.ts';
import { SESSION_OPTIONS } from '../../training/onnx/session-options.ts';
import { runProbabilities, type ProbabilityMatrix } from './run-probabilities.ts';
import { quote, uploadRejected } from './upload-rejected.ts';

export interface UploadedModelOptions {
  mapping: FieldMapping;
  /** The class label whose probability is the score. Default with two classes: the second; required with more. */
  positive?: string;
  /** The record to run as the test row. Default: 0 for every numeric field and '' for every text field. */
  sampleRecord?: Record<string, unknown>;
}

export interface InspectedUploadedModel {
  inspection: UploadedModelInspection;
  /** The .onnx file to store and score with: the upload with the inspection's rewrites applied. */
  servingBytes: Uint8Array;
}

/** Probabilities may come back a rounding step outside [0, 1] or off a sum of 1. */
const PROBABILITY_TOLERANCE = 1e-6;
const SUM_TOLERANCE = 1e-3;

/**
 * Validates an uploaded classifier and prepares it for serving: decodes the file, finds the
 * probability output, checks the mapping against the inputs and the positive class against the
 * labels, rewrites what onnxruntime-node cannot run as it is (ZipMap, a batch axis fixed at 1),
 * then loads the result in onnxruntime-node and runs a test row, twice in one batch to learn
 * whether batches run. Every refusal is a 422 saying what to change.
 */
export async function inspectUploadedModel(bytes: Uint8Array, options: UploadedModelOptions): Promise<InspectedUploadedModel> {
  const model = decodeOnnxModel(bytes);
  rejectExternalData(model);
  const output = planProbabilityOutput(model);
  const mapping = parseFieldMapping(options.mapping);
  const feeds = resolveFieldMapping(model, mapping);
  // Checked before running anything when the file names its labels; otherwise after the test row.
  if (output.classLabels !== null) resolvePositiveClass(output.classLabels, options.positive);

  const trial = await runTestRows(model, output, feeds, options.sampleRecord);
  const labels = checkProbabilities(trial.matrix, output);
  const positive = resolvePositiveClass(labels, options.positive);
  const served = decodeOnnxModel(trial.serving.bytes);
  const inspection: UploadedModelInspection = {
    producer: { name: model.producerName, version: model.producerVersion },
    irVersion: model.irVersion,
    opsets: model.opsetImports,
    inputs: feedInputs(served.graph).map(describeModelValue),
    outputs: served.graph.outputs.map(describeModelValue),
    probabilityOutput: output.probabilityOutput,
    classLabels: labels,
    positiveIndex: positive.index,
    positiveLabel: positive.label,
    mapping,
    feeds,
    batching: trial.batching,
    rewrites: trial.serving.rewrites,
    notes: [
      `Class labels ${labels.map(quote).join(', ')} from ${output.labelSource}.`,
      `The score is the probability of class ${quote(positive.label)}${positive.byDefault ? ', the second of the two (as predict_proba orders them); name another as the positive class to score it instead' : ''}.`,
      ...trial.notes,
      ...sumNotes(trial.matrix),
    ],
    metadata: model.metadata,
  };
  return { inspection, servingBytes: trial.serving.bytes };
}

/** An upload is one file; weights saved beside it (TensorProto.data_location EXTERNAL) are not in it. */
function rejectExternalData(model: DecodedOnnxModel): void {
  const external = model.graph.initializers.filter((tensor) => tensor.external);
  if (external.length === 0) return;
  throw uploadRejected({
    field: 'file',
    message: `The model keeps ${external.length === 1 ? 'tensor' : 'tensors'} ${external.map((tensor) => quote(tensor.name)).join(', ')} in a separate file (external data), which an upload does not include. Save it as one file (onnx.save_model(model, path, save_as_external_data=False)) and upload that.`,
  });
}

interface TestRun {
  serving: ServingModel;
  batching: 'any' | 'one-row';
  matrix: ProbabilityMatrix;
  notes: string[];
}

/**
 * Two copies of the test row in one call on the rewritten model; if that fails, one row on the
 * model with its batch axis as declared, which is then scored one row at a time.
 */
async function runTestRows(model: DecodedOnnxModel, output: ProbabilityOutputPlan, feeds: readonly InputFeed[], sampleRecord: Record<string, unknown> | undefined): Promise<TestRun> {
  const record = sampleRecord ?? defaultTestRecord(feeds);
  const single = buildFeeds(feeds, [record]);
  if (single.rows.length === 0) {
    throw uploadRejected({ field: 'sampleRecord', message: `The sample record cannot be scored: ${single.problems[0]}. Give it a value for every mapped field.` });
  }
  const fixedBatch = findFixedBatchAxis(model);
  const batched = rewriteForServing(model, { zipMap: output.zipMap, fixedBatch });
  const twoRows = await attempt(batched.bytes, output.probabilityOutput, buildFeeds(feeds, [record, record]).feeds, 2);
  if (twoRows.ok) return { serving: batched, batching: 'any', matrix: twoRows.matrix, notes: [] };

  const declared = fixedBatch === null ? batched : rewriteForServing(model, { zipMap: output.zipMap, fixedBatch: null });
  const oneRow = await attempt(declared.bytes, output.probabilityOutput, single.feeds, 1);
  if (oneRow.ok) {
    return { serving: declared, batching: 'one-row', matrix: oneRow.matrix, notes: [`Two rows in one call failed (${twoRows.error}) and one row runs, so the model is scored one row at a time.`] };
  }
  throw uploadRejected({
    field: 'file',
    message:
      oneRow.stage === 'load'
        ? `onnxruntime-node could not load the model: ${oneRow.error}. Export it with operators and opset versions that onnxruntime 1.30 supports.`
        : `The model failed on a test row built from the mapping: ${oneRow.error}. Check that each input is mapped to the field it was trained on${sampleRecord ? '' : ', or give a sample record with typical values'}.`,
  });
}

type Attempt = { ok: true; matrix: ProbabilityMatrix } | { ok: false; stage: 'load' | 'run'; error: string };

async function attempt(bytes: Uint8Array, probabilityOutput: string, feeds: Record<string, ort.Tensor>, rows: number): Promise<Attempt> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    return { ok: false, stage: 'load', error: messageOf(error) };
  }
  try {
    return { ok: true, matrix: await runProbabilities(session, probabilityOutput, feeds, rows) };
  } catch (error) {
    return { ok: false, stage: 'run', error: messageOf(error) };
  } finally {
    await session.release();
  }
}

/** onnxruntime's own messages end in a newline and may carry a source path; the message is what we report. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}

/** 0 for every field of a numeric input, '' for every field of a text input. */
function defaultTestRecord(feeds: readonly InputFeed[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const feed of feeds) for (const field of feed.fields) record[field] = feed.elementType === 'string' ? '' : 0;
  return record;
}

/** The class labels, checked against the output's width, once the test row's values are probabilities. */
function checkProbabilities(matrix: ProbabilityMatrix, output: ProbabilityOutputPlan): string[] {
  const name = quote(output.probabilityOutput);
  const reject = (message: string) => uploadRejected({ field: 'file', message });
  if (matrix.classes < 2) throw reject(`The probability output ${name} has ${matrix.classes} column; Scorebridge needs the probabilities of two or more classes, as a classifier's predict_proba gives them.`);
  const labels = output.classLabels ?? Array.from({ length: matrix.classes }, (_, column) => String(column));
  if (labels.length !== matrix.classes) {
    throw reject(`The model names ${labels.length} classes (${labels.map(quote).join(', ')}) but its probability output ${name} has ${matrix.classes} columns. Export the classifier with its probability output unchanged.`);
  }
  for (let index = 0; index < matrix.values.length; index++) {
    const value = matrix.values[index]!;
    if (!(value >= -PROBABILITY_TOLERANCE && value <= 1 + PROBABILITY_TOLERANCE)) {
      throw reject(
        `The output ${name} does not hold probabilities: the test row gave ${value} for class ${quote(labels[index % matrix.classes]!)}. Upload a classifier whose output is its class probabilities (predict_proba), not decision scores or log-probabilities.`,
      );
    }
  }
  return labels;
}

function sumNotes(matrix: ProbabilityMatrix): string[] {
  let sum = 0;
  for (let column = 0; column < matrix.classes; column++) sum += matrix.values[column]!;
  return Math.abs(sum - 1) > SUM_TOLERANCE ? [`The test row's class probabilities sum to ${sum.toPrecision(4)}, not 1; the score is the positive class's column as the model gives it.`] : [];
}

import * as ort from 'onnxruntime-node';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { applyCalibrator } from '../training/calibration/index.ts';
import { sigmoid } from '../training/linear/index.ts';
import { createRawFieldFeedBuilder, exportGbdtToOnnx, exportLogisticToOnnx, GRAPH_NAMES } from '../training/onnx/index.ts';
import type { TrainedModel } from '../training/scoring/load-trained-model.ts';
import { explainedFields } from './field-descriptions.ts';
import { createRecordExplainer } from './record-explainer.ts';
import { isRecordObject, MEMORY_PER_FILE_BYTE, notAnObject, type ScoredRecord, type ServingModel } from './serving-model.ts';
import { SESSION_OPTIONS } from '../training/onnx/session-options.ts';

/**
 * A trained version (gradient-boosted trees or logistic regression) for serving (decision 0026).
 * The TypeScript feature transform computes each record's features, the same numbers training saw
 * and the reasons read; ONNX Runtime runs the version's model and calibrator on that matrix and
 * gives the probability. Reasons come from the same model in TypeScript: TreeSHAP or linear
 * contributions, summed per input field.
 *
 * The version's `model.onnx` is the raw-field graph, which does the transform inside: the portable
 * file. Its hundred-odd preprocessing nodes cost ONNX Runtime a fixed 135–160 µs a run, most of a
 * single-record request. The graph served here is the same model and calibrator on the matrix, a few
 * nodes, and its probabilities equal the raw-field graph's (tested). `rawFieldOnnx` (that
 * model.onnx) is not run here: its size is the cache's memory estimate.
 */
export async function createTrainedServingModel(version: ModelVersionRow, trained: TrainedModel, rawFieldOnnx: Uint8Array): Promise<ServingModel> {
  const session = await ort.InferenceSession.create(servingGraph(trained), SESSION_OPTIONS);
  try {
    const fitted = trained.transformer.fitted;
    const feedBuilder = createRawFieldFeedBuilder(fitted);
    const features = trained.transformer.features;
    const featureCount = features.length;
    const fields = explainedFields(fitted, features, feedBuilder.inputs);
    const explainer = createRecordExplainer(trained);
    const calibrate = (raw: number) => applyCalibrator(trained.calibrator, trained.calibrator.input === 'raw' ? raw : sigmoid(raw));
    const values = new Float64Array(featureCount);
    const perFeature = new Float64Array(featureCount);
    // The transform writes feature columns into this scratch matrix, reused by every call; each call
    // copies its rows out at once into a row-major matrix of its own, which ONNX Runtime reads after
    // a turn of the event loop and the reasons read after that, when another call may have reused
    // the scratch (decision 0023: a fresh matrix each call was much of what collections copied).
    let scratchRows = 64;
    let scratch = features.map(() => new Float64Array(scratchRows));

    const score = async (records: readonly unknown[], explain: readonly boolean[]): Promise<ScoredRecord[]> => {
      const objects = records.map((record) => (isRecordObject(record) ? record : {}));
      if (scratchRows < objects.length) {
        scratchRows = Math.max(objects.length, 2 * scratchRows);
        scratch = features.map(() => new Float64Array(scratchRows));
      }
      const read = trained.transformer.transformRecordsInto(objects, scratch, { maxProblems: records.length * fitted.inputs.length });
      const matrix = new Float64Array(objects.length * featureCount);
      for (let feature = 0; feature < featureCount; feature++) {
        const column = scratch[feature]!;
        for (let row = 0; row < objects.length; row++) matrix[row * featureCount + feature] = column[row]!;
      }
      const tensor = new ort.Tensor('float64', matrix, [objects.length, featureCount]);
      const output = (await session.run({ [GRAPH_NAMES.features]: tensor }, [GRAPH_NAMES.probability]))[GRAPH_NAMES.probability]!;
      const probabilities = output.data as Float32Array;
      const warnings = new Map<number, string[]>();
      for (const problem of read.problems) if (problem.rowIndex !== null) (warnings.get(problem.rowIndex) ?? warnings.set(problem.rowIndex, []).get(problem.rowIndex)!).push(problem.message);

      const results: ScoredRecord[] = records.map((record, row) => {
        if (!isRecordObject(record)) return { probability: null, problem: notAnObject(record) };
        const probability = probabilities[row]!;
        if (!Number.isFinite(probability)) return { probability: null, problem: `the model gave no probability (${probability}) for this record`, ...withWarnings(warnings.get(row)) };
        return { probability, ...withWarnings(warnings.get(row)) };
      });
      const explained = results.flatMap((result, row) => (explain[row] && result.probability !== null ? [row] : []));
      if (explained.length === 0) return results;
      const nowMs = Date.now();
      explained.forEach((row) => {
        const featureValues: number[] = [];
        for (let feature = 0; feature < featureCount; feature++) {
          const value = matrix[row * featureCount + feature]!;
          values[feature] = value;
          featureValues.push(value);
        }
        explainer.explainInto(values, perFeature);
        const contributions = new Array<number>(fields.fields.length).fill(0);
        for (let feature = 0; feature < featureCount; feature++) contributions[fields.fieldOf[feature]!]! += perFeature[feature]!;
        // The reasons' words show each field as the model read it: the raw-field readings, of the
        // fields the listed reasons name (read when the words are made, within this request).
        const record = objects[row]!;
        const recordReadings = { inputValue: (input: number) => feedBuilder.readInput(record, input), featureValues, nowMs };
        results[row]!.explanation = { fields: fields.fields, contributions, describe: (field) => fields.describe(field, recordReadings) };
      });
      return results;
    };

    return {
      version,
      explanation: explainer.kind,
      baseProbability: calibrate(explainer.baseRaw),
      estimatedBytes: MEMORY_PER_FILE_BYTE * rawFieldOnnx.byteLength,
      dateFields: fitted.inputs.filter((input) => input.type === 'date').map((input) => input.column),
      score,
      release: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** The version's model and calibrator as ONNX on the double feature matrix "features". */
function servingGraph(trained: TrainedModel): Uint8Array {
  return trained.kind === 'gbdt'
    ? exportGbdtToOnnx(trained.model, { calibrator: trained.calibrator, doubleFeatureMatrix: true }).onnx
    : exportLogisticToOnnx(trained.model, trained.transformer.features, { calibrator: trained.calibrator, doubleFeatureMatrix: true }).onnx;
}

function withWarnings(warnings: string[] | undefined): { warnings?: string[] } {
  return warnings ? { warnings } : {};
}

import * as ort from 'onnxruntime-node';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { applyCalibrator } from '../training/calibration/index.ts';
import { sigmoid } from '../training/linear/index.ts';
import { createRawFieldFeedBuilder, GRAPH_NAMES } from '../training/onnx/index.ts';
import type { TrainedModel } from '../training/scoring/load-trained-model.ts';
import { explainedFields } from './field-descriptions.ts';
import { createRecordExplainer } from './record-explainer.ts';
import { isRecordObject, MEMORY_PER_FILE_BYTE, notAnObject, type ScoredRecord, type ServingModel } from './serving-model.ts';
import { SESSION_OPTIONS } from '../training/onnx/session-options.ts';

/**
 * A trained version (gradient-boosted trees or logistic regression) for serving. Its probability
 * comes from ONNX Runtime running the version's raw-field `model.onnx` (the graph does the feature
 * transform and the calibrator); reasons come from the same model in TypeScript: the feature
 * transformer's matrix, TreeSHAP or linear contributions, summed per input field.
 */
export async function createTrainedServingModel(version: ModelVersionRow, trained: TrainedModel, onnx: Uint8Array): Promise<ServingModel> {
  const session = await ort.InferenceSession.create(onnx, SESSION_OPTIONS);
  try {
    const fitted = trained.transformer.fitted;
    const feedBuilder = createRawFieldFeedBuilder(fitted);
    const features = trained.transformer.features;
    const fields = explainedFields(fitted, features, feedBuilder.inputs);
    const explainer = createRecordExplainer(trained);
    const calibrate = (raw: number) => applyCalibrator(trained.calibrator, trained.calibrator.input === 'raw' ? raw : sigmoid(raw));
    const values = new Float64Array(features.length);
    const perFeature = new Float64Array(features.length);
    // The explained records' feature matrix, reused by every call: nothing keeps it past the call
    // (the reasons' words read each record's own copies), and a fresh one each call was most of what young-
    // generation collections had to copy (decision 0023).
    let scratchRows = 64;
    let scratch = features.map(() => new Float64Array(scratchRows));

    const score = async (records: readonly unknown[], explain: readonly boolean[]): Promise<ScoredRecord[]> => {
      const objects = records.map((record) => (isRecordObject(record) ? record : {}));
      const read = feedBuilder.fromRecords(objects, { maxProblems: records.length * feedBuilder.inputs.length });
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, feed] of Object.entries(read.feeds)) tensors[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
      const output = (await session.run(tensors, [GRAPH_NAMES.probability]))[GRAPH_NAMES.probability]!;
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
      if (scratchRows < explained.length) {
        scratchRows = Math.max(explained.length, 2 * scratchRows);
        scratch = features.map(() => new Float64Array(scratchRows));
      }
      trained.transformer.transformRecordsInto(
        explained.map((row) => objects[row]!),
        scratch,
        { maxProblems: 0 },
      );
      const nowMs = Date.now();
      explained.forEach((row, matrixRow) => {
        const featureValues: number[] = [];
        for (let feature = 0; feature < features.length; feature++) {
          const value = scratch[feature]![matrixRow]!;
          values[feature] = value;
          featureValues.push(value);
        }
        explainer.explainInto(values, perFeature);
        const contributions = new Array<number>(fields.fields.length).fill(0);
        for (let feature = 0; feature < features.length; feature++) contributions[fields.fieldOf[feature]!]! += perFeature[feature]!;
        const inputValues = feedBuilder.inputs.map((input) => read.feeds[input.name]!.data[row]!);
        const readings = { inputValues, featureValues, nowMs };
        results[row]!.explanation = { fields: fields.fields, contributions, describe: (field) => fields.describe(field, readings) };
      });
      return results;
    };

    return {
      version,
      explanation: explainer.kind,
      baseProbability: calibrate(explainer.baseRaw),
      estimatedBytes: MEMORY_PER_FILE_BYTE * onnx.byteLength,
      dateFields: fitted.inputs.filter((input) => input.type === 'date').map((input) => input.column),
      score,
      release: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

function withWarnings(warnings: string[] | undefined): { warnings?: string[] } {
  return warnings ? { warnings } : {};
}

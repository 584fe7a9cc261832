import type { FeatureMatrix } from '../../features/index.ts';
import type { Calibrator } from '../calibration/index.ts';
import { parseTreeModel, type TreeModel } from '../gbdt/index.ts';
import { float32Thresholds, type Float32ThresholdReport } from './float32-thresholds.ts';
import { encodeScoringModel, featureMatrixInput, featureMetadata, infinityAsMissing, type OnnxExport } from './scoring-graph.ts';
import { appendTreeEnsemble } from './tree-ensemble-node.ts';

export interface GbdtOnnxOptions {
  /** Applied after the logistic function, as at scoring time; null or absent: uncalibrated. */
  calibrator?: Calibrator | null;
  /**
   * The matrix the model was trained on (or any matrix of the same features): its values let the
   * float32 thresholds keep every one of them on its side (see float32-thresholds.ts).
   */
  trainingMatrix?: FeatureMatrix;
  /** Extra entries for the model's metadata_props (a model version id, say). */
  metadata?: Readonly<Record<string, string>>;
}

export interface GbdtOnnxExport extends OnnxExport {
  thresholds: Float32ThresholdReport;
}

/**
 * The gradient-boosted trees as a self-contained ONNX model: input "features" float32 [N, F] (the
 * feature matrix: categorical codes as floats, NaN missing), outputs "raw_score" (log-odds) and
 * "probability" (calibrated when a calibrator is given), both float32 [N].
 */
export function exportGbdtToOnnx(model: TreeModel, options: GbdtOnnxOptions = {}): GbdtOnnxExport {
  const checked = parseTreeModel(model);
  const { thresholds, report } = float32Thresholds(checked, options.trainingMatrix);
  const onnx = encodeScoringModel({
    name: 'scorebridge_gbdt',
    docString: `Scorebridge gradient-boosted trees: ${checked.trees.length} trees on ${checked.features.length} features (${checked.features.map((feature) => feature.name).join(', ')}).`,
    input: featureMatrixInput(checked.features.length),
    model: (builder, features) => {
      const treeSum = appendTreeEnsemble(builder, infinityAsMissing(builder, features), checked, thresholds);
      const flat = builder.node('Reshape', [treeSum, builder.int64s('flat_shape', [-1])], 'tree_sum_flat');
      return builder.node('Add', [flat, builder.doubles('base_score', checked.baseScore)], 'raw_score_double');
    },
    calibrator: options.calibrator ?? null,
    metadata: { ...featureMetadata(checked.features.map((feature) => feature.name)), ...options.metadata },
  });
  return { onnx, thresholds: report };
}

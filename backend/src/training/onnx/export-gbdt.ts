import type { FittedFeatureSpec } from '@scorebridge/shared';
import type { FeatureMatrix } from '../../features/index.ts';
import type { Calibrator } from '../calibration/index.ts';
import { parseTreeModel, type TreeModel } from '../gbdt/index.ts';
import { float32Thresholds, type Float32ThresholdReport } from './float32-thresholds.ts';
import { rawFieldModelInput } from './raw-field-stage.ts';
import { encodeScoringModel, featureMatrixDoubleInput, featureMatrixInput, featureMetadata, infinityAsMissing, type OnnxExport } from './scoring-graph.ts';
import { appendTreeEnsemble } from './tree-ensemble-node.ts';

export interface GbdtOnnxOptions {
  /**
   * The fitted feature spec the model was trained with: the graph then takes the raw record fields
   * as named inputs and runs the spec inside (raw-field-stage.ts). Without it, the graph takes the
   * transformed feature matrix "features", float32 [N, F].
   */
  featureSpec?: FittedFeatureSpec;
  /** Applied after the logistic function, as at scoring time; null or absent: uncalibrated. */
  calibrator?: Calibrator | null;
  /**
   * Without `featureSpec`: take "features" as double [N, F] and keep every threshold exactly as
   * trained (no float32 fitting), as serving runs it on the TypeScript transform's matrix.
   */
  doubleFeatureMatrix?: boolean;
  /**
   * Feature-matrix graphs only: the matrix the model was trained on (or any matrix of the same
   * features), whose values let the float32 thresholds keep every one of them on its side (see
   * float32-thresholds.ts).
   */
  trainingMatrix?: FeatureMatrix;
  /** Extra entries for the model's metadata_props (a model version id, say). */
  metadata?: Readonly<Record<string, string>>;
}

export interface GbdtOnnxExport extends OnnxExport {
  /**
   * How the thresholds were fitted to the float32 input of a feature-matrix graph; null for a
   * raw-field graph, whose features are doubles computed inside the graph, so every threshold is
   * written exactly as trained.
   */
  thresholds: Float32ThresholdReport | null;
}

/**
 * The gradient-boosted trees as a self-contained ONNX model, outputs "raw_score" (log-odds) and
 * "probability" (calibrated when a calibrator is given), both float32 [N]. Inputs: the raw
 * record fields with `featureSpec`, else "features" float32 [N, F] (the feature matrix:
 * categorical codes as floats, NaN missing).
 */
export function exportGbdtToOnnx(model: TreeModel, options: GbdtOnnxOptions = {}): GbdtOnnxExport {
  const checked = parseTreeModel(model);
  const names = checked.features.map((feature) => feature.name);
  const raw = options.featureSpec ? rawFieldModelInput(options.featureSpec, names) : null;
  const fitted = raw || options.doubleFeatureMatrix ? null : float32Thresholds(checked, options.trainingMatrix);
  const thresholds = fitted ? fitted.thresholds : checked.trees.map((tree) => Float64Array.from(tree.nodes, (node) => (node.kind === 'numeric' ? node.threshold : Number.NaN)));
  const onnx = encodeScoringModel({
    name: 'scorebridge_gbdt',
    docString: `Scorebridge gradient-boosted trees: ${checked.trees.length} trees on ${names.length} features (${names.join(', ')}), ${raw ? 'from the raw record fields (input contract in metadata_props)' : 'from the feature matrix "features"'}.`,
    input: raw ? raw.input : options.doubleFeatureMatrix ? featureMatrixDoubleInput(names.length) : featureMatrixInput(names.length),
    model: (builder, features) => {
      const treeSum = appendTreeEnsemble(builder, infinityAsMissing(builder, features), checked, thresholds);
      const flat = builder.node('Reshape', [treeSum, builder.int64s('flat_shape', [-1])], 'tree_sum_flat');
      return builder.node('Add', [flat, builder.doubles('base_score', checked.baseScore)], 'raw_score_double');
    },
    calibrator: options.calibrator ?? null,
    metadata: { ...(raw ? raw.metadata : featureMetadata(names)), ...options.metadata },
  });
  return { onnx, thresholds: fitted ? fitted.report : null };
}

import { fittedFeatureSpecSchema, gradeBandsSchema, type GradeBands } from '@scorebridge/shared';
import type { Executor } from '../../db/client.ts';
import type { ModelVersionRow } from '../../db/schema/index.ts';
import { BadRequestError } from '../../errors.ts';
import { compileFeatureSpec, type FeatureTransformer } from '../../features/index.ts';
import { requireVersionArtifact } from '../../registry/uploaded-artifacts.ts';
import { findRegisteredModelById } from '../../registry/registered-models.repo.ts';
import { parseCalibrator, type Calibrator } from '../calibration/index.ts';
import { parseTreeModel, type TreeModel } from '../gbdt/index.ts';
import { parseLogisticRegressionModel, type LogisticRegressionModel } from '../linear/index.ts';

/** The files a trained model version keeps beside its ONNX model, for scoring and explaining in TypeScript. */
export const VERSION_ARTIFACTS = Object.freeze({
  onnx: 'model.onnx',
  model: 'model.json',
  featureSpec: 'feature-spec.json',
  calibrator: 'calibrator.json',
} as const);

interface TrainedModelCommon {
  versionId: string;
  version: number;
  modelName: string;
  transformer: FeatureTransformer;
  calibrator: Calibrator;
  gradeBands: GradeBands;
}

/** A trained model version ready to score: its kind, the model, the feature transformer, the calibrator and the grade bands. */
export type TrainedModel = (TrainedModelCommon & { kind: 'gbdt'; model: TreeModel }) | (TrainedModelCommon & { kind: 'logistic'; model: LogisticRegressionModel });

async function jsonArtifact(db: Executor, versionId: string, name: string): Promise<unknown> {
  return JSON.parse((await requireVersionArtifact(db, versionId, name)).toString('utf8')) as unknown;
}

/** A trained model version, every part validated as it is read back. */
export async function loadTrainedModel(db: Executor, version: ModelVersionRow): Promise<TrainedModel> {
  if (version.kind === 'onnx') throw new BadRequestError(`Version ${version.version} is an uploaded ONNX model; it is scored by the serving API, not by this scorer`);
  const model = await findRegisteredModelById(db, version.modelId);
  const common: TrainedModelCommon = {
    versionId: version.id,
    version: version.version,
    modelName: model.name,
    transformer: compileFeatureSpec(fittedFeatureSpecSchema.parse(await jsonArtifact(db, version.id, VERSION_ARTIFACTS.featureSpec))),
    calibrator: parseCalibrator(await jsonArtifact(db, version.id, VERSION_ARTIFACTS.calibrator)),
    gradeBands: gradeBandsSchema.parse(model.gradeBands),
  };
  const json = await jsonArtifact(db, version.id, VERSION_ARTIFACTS.model);
  return version.kind === 'gbdt' ? { ...common, kind: 'gbdt', model: parseTreeModel(json) } : { ...common, kind: 'logistic', model: parseLogisticRegressionModel(json) };
}

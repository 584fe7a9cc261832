import { fittedFeatureSpecSchema } from '@scorebridge/shared';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { trainingArtifacts } from '../../db/schema/index.ts';
import { NotFoundError } from '../../errors.ts';
import { compileFeatureSpec, type FeatureTransformer } from '../../features/index.ts';
import { parseCalibrator, type Calibrator } from '../calibration/index.ts';
import { parseTreeModel, type TreeModel } from '../gbdt/index.ts';
import { parseLogisticRegressionModel, type LogisticRegressionModel } from '../linear/index.ts';
import { findTrainingRun } from '../runs/training-runs.repo.ts';

/** A trained model ready to score: its kind, the model, the feature transformer and the calibrator. */
export type TrainedModel =
  | { kind: 'gbdt'; runId: string; model: TreeModel; transformer: FeatureTransformer; calibrator: Calibrator }
  | { kind: 'logistic'; runId: string; model: LogisticRegressionModel; transformer: FeatureTransformer; calibrator: Calibrator };

async function artifact(db: Db, runId: string, name: string): Promise<unknown> {
  const [row] = await db
    .select({ data: trainingArtifacts.data })
    .from(trainingArtifacts)
    .where(and(eq(trainingArtifacts.runId, runId), eq(trainingArtifacts.name, name)));
  if (!row) throw new NotFoundError('Artifact', `${runId}/${name}`);
  return JSON.parse(row.data.toString('utf8')) as unknown;
}

/** The chosen model of a succeeded training run, every part validated as it is read back. */
export async function loadTrainedModel(db: Db, workspaceId: string, runId: string): Promise<TrainedModel> {
  const run = await findTrainingRun(db, workspaceId, runId);
  if (!run) throw new NotFoundError('Training run', runId);
  if (run.status !== 'succeeded' || !run.chosen) throw new NotFoundError('Trained model of run', `${runId} (the run is ${run.status})`);
  const kind = run.chosen;
  const transformer = compileFeatureSpec(fittedFeatureSpecSchema.parse(await artifact(db, runId, `${kind}/feature-spec.json`)));
  const calibrator = parseCalibrator(await artifact(db, runId, `${kind}/calibrator.json`));
  return kind === 'gbdt'
    ? { kind, runId, model: parseTreeModel(await artifact(db, runId, 'gbdt/model.json')), transformer, calibrator }
    : { kind, runId, model: parseLogisticRegressionModel(await artifact(db, runId, 'logistic/model.json')), transformer, calibrator };
}

import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { experiments, modelVersions, registeredModels, trainingArtifacts, trainingRuns, type TrainingRunRow } from '../../db/schema/index.ts';

export type TrainingRunPatch = Partial<Omit<TrainingRunRow, 'id' | 'workspaceId' | 'datasetId' | 'createdAt'>>;

/** A run with what the API shows beside it: its experiment's name and the model version it registered. */
export interface TrainingRunView extends TrainingRunRow {
  experimentName: string;
  registered: { id: string; modelName: string; version: number } | null;
}

export async function insertTrainingRun(db: Executor, values: typeof trainingRuns.$inferInsert): Promise<TrainingRunRow> {
  const [row] = await db.insert(trainingRuns).values(values).returning();
  return row!;
}

export async function findTrainingRun(db: Executor, workspaceId: string, id: string): Promise<TrainingRunRow | undefined> {
  const [row] = await db.select().from(trainingRuns).where(and(eq(trainingRuns.workspaceId, workspaceId), eq(trainingRuns.id, id)));
  return row;
}

export async function findTrainingRunStatus(db: Executor, id: string): Promise<TrainingRunRow['status'] | undefined> {
  const [row] = await db.select({ status: trainingRuns.status }).from(trainingRuns).where(eq(trainingRuns.id, id));
  return row?.status;
}

/** The run, locked until the transaction ends: the finishing step and a cancellation do not cross. */
export async function lockTrainingRun(db: Executor, id: string): Promise<TrainingRunRow | undefined> {
  const [row] = await db.select().from(trainingRuns).where(eq(trainingRuns.id, id)).for('update');
  return row;
}

async function selectRunViews(db: Executor, where: SQL | undefined, order: SQL[], limit: number): Promise<TrainingRunView[]> {
  const rows = await db
    .select({ run: trainingRuns, experimentName: experiments.name, versionId: modelVersions.id, version: modelVersions.version, modelName: registeredModels.name })
    .from(trainingRuns)
    .innerJoin(experiments, eq(experiments.id, trainingRuns.experimentId))
    .leftJoin(modelVersions, eq(modelVersions.trainingRunId, trainingRuns.id))
    .leftJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(where)
    .orderBy(...order)
    .limit(limit);
  return rows.map((row) => ({
    ...row.run,
    experimentName: row.experimentName,
    registered: row.versionId && row.version !== null && row.modelName ? { id: row.versionId, modelName: row.modelName, version: row.version } : null,
  }));
}

export async function findTrainingRunView(db: Executor, workspaceId: string, id: string): Promise<TrainingRunView | undefined> {
  const [view] = await selectRunViews(db, and(eq(trainingRuns.workspaceId, workspaceId), eq(trainingRuns.id, id)), [], 1);
  return view;
}

/** Runs of the workspace, newest first; tuning trials only when asked for. */
export async function listTrainingRuns(db: Executor, workspaceId: string, { limit = 200, trials = false }: { limit?: number; trials?: boolean } = {}): Promise<TrainingRunView[]> {
  return selectRunViews(
    db,
    and(eq(trainingRuns.workspaceId, workspaceId), trials ? undefined : sql`${trainingRuns.parentRunId} is null`),
    [desc(trainingRuns.createdAt), desc(trainingRuns.id)],
    limit,
  );
}

/** Every run of an experiment with its trials: runs by the holdout ROC AUC of their chosen model, then trials by validation ROC AUC, then unfinished runs. */
export async function listExperimentRuns(db: Executor, workspaceId: string, experimentId: string, limit = 500): Promise<TrainingRunView[]> {
  return selectRunViews(
    db,
    and(eq(trainingRuns.workspaceId, workspaceId), eq(trainingRuns.experimentId, experimentId)),
    [
      sql`(${trainingRuns.metrics} -> ${trainingRuns.chosen} ->> 'rocAuc')::float8 desc nulls last`,
      sql`(${trainingRuns.metrics} -> 'validation' ->> 'rocAuc')::float8 desc nulls last`,
      desc(trainingRuns.createdAt),
    ],
    limit,
  );
}

export async function updateTrainingRun(db: Executor, id: string, patch: TrainingRunPatch): Promise<TrainingRunRow> {
  const [row] = await db.update(trainingRuns).set(patch).where(eq(trainingRuns.id, id)).returning();
  return row!;
}

/** Replaces a run's artifacts: a retried run writes them again in its finishing transaction. */
export async function replaceTrainingArtifacts(db: Executor, runId: string, artifacts: readonly { name: string; contentType: string; data: Buffer }[]): Promise<void> {
  await db.delete(trainingArtifacts).where(eq(trainingArtifacts.runId, runId));
  if (artifacts.length > 0) await db.insert(trainingArtifacts).values(artifacts.map((artifact) => ({ runId, ...artifact })));
}

/** Tuning trials are written when their parent run finishes; a retried run replaces them. */
export async function replaceTrialRuns(db: Executor, parent: TrainingRunRow, trials: readonly Pick<typeof trainingRuns.$inferInsert, 'params' | 'metrics' | 'results' | 'status' | 'startedAt' | 'finishedAt'>[]): Promise<void> {
  await db.delete(trainingRuns).where(eq(trainingRuns.parentRunId, parent.id));
  if (trials.length === 0) return;
  await db.insert(trainingRuns).values(
    trials.map((trial) => ({
      ...trial,
      workspaceId: parent.workspaceId,
      experimentId: parent.experimentId,
      parentRunId: parent.id,
      datasetId: parent.datasetId,
      request: parent.request,
      codeVersion: parent.codeVersion,
      requestedByUserId: parent.requestedByUserId,
    })),
  );
}

export async function listTrainingArtifactNames(db: Executor, runId: string): Promise<string[]> {
  const rows = await db.select({ name: trainingArtifacts.name }).from(trainingArtifacts).where(eq(trainingArtifacts.runId, runId));
  return rows.map((row) => row.name).sort();
}

export async function readTrainingArtifacts(db: Executor, runId: string, names: readonly string[]): Promise<{ name: string; contentType: string; data: Buffer }[]> {
  const rows = await db.select().from(trainingArtifacts).where(eq(trainingArtifacts.runId, runId));
  return rows.filter((row) => names.includes(row.name)).map(({ name, contentType, data }) => ({ name, contentType, data }));
}

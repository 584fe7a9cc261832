import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { trainingArtifacts, trainingRuns, type TrainingRunRow } from '../../db/schema/index.ts';

export type TrainingRunPatch = Partial<Omit<TrainingRunRow, 'id' | 'workspaceId' | 'datasetId' | 'createdAt'>>;

export async function insertTrainingRun(db: Executor, values: typeof trainingRuns.$inferInsert): Promise<TrainingRunRow> {
  const [row] = await db.insert(trainingRuns).values(values).returning();
  return row!;
}

export async function findTrainingRun(db: Executor, workspaceId: string, id: string): Promise<TrainingRunRow | undefined> {
  const [row] = await db.select().from(trainingRuns).where(and(eq(trainingRuns.workspaceId, workspaceId), eq(trainingRuns.id, id)));
  return row;
}

export async function listTrainingRuns(db: Executor, workspaceId: string, limit = 200): Promise<TrainingRunRow[]> {
  return db.select().from(trainingRuns).where(eq(trainingRuns.workspaceId, workspaceId)).orderBy(desc(trainingRuns.createdAt), desc(trainingRuns.id)).limit(limit);
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

export async function listTrainingArtifactNames(db: Executor, runId: string): Promise<string[]> {
  const rows = await db.select({ name: trainingArtifacts.name }).from(trainingArtifacts).where(eq(trainingArtifacts.runId, runId));
  return rows.map((row) => row.name).sort();
}

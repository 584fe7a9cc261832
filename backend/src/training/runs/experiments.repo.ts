import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { experiments, trainingRuns, type ExperimentRow } from '../../db/schema/index.ts';

/** The experiment of this name (ignoring case), created on first use. */
export async function findOrCreateExperiment(db: Executor, workspaceId: string, name: string, createdByUserId: string | null): Promise<ExperimentRow> {
  const nameKey = name.trim().toLowerCase();
  const [created] = await db
    .insert(experiments)
    .values({ workspaceId, name: name.trim(), nameKey, createdByUserId })
    .onConflictDoNothing({ target: [experiments.workspaceId, experiments.nameKey] })
    .returning();
  if (created) return created;
  const [existing] = await db.select().from(experiments).where(and(eq(experiments.workspaceId, workspaceId), eq(experiments.nameKey, nameKey)));
  return existing!;
}

export async function findExperiment(db: Executor, workspaceId: string, id: string): Promise<ExperimentRow | undefined> {
  const [row] = await db.select().from(experiments).where(and(eq(experiments.workspaceId, workspaceId), eq(experiments.id, id)));
  return row;
}

export interface ExperimentSummaryRow extends ExperimentRow {
  runCount: number;
  bestRunId: string | null;
  bestRocAuc: number | null;
  lastRunAt: Date | null;
}

/** The chosen model's holdout ROC AUC of a run, from its headline metrics. */
const chosenRocAuc = sql<number | null>`(${trainingRuns.metrics} -> ${trainingRuns.chosen} ->> 'rocAuc')::float8`;

/** Experiments with their run counts (tuning trials not counted), best run and last run, newest activity first. */
export async function listExperimentSummaries(db: Executor, workspaceId: string, only?: string): Promise<ExperimentSummaryRow[]> {
  const runs = db
    .select({
      experimentId: trainingRuns.experimentId,
      runCount: sql<number>`count(*)::int`.as('run_count'),
      lastRunAt: sql<Date | null>`max(${trainingRuns.createdAt})`.as('last_run_at'),
    })
    .from(trainingRuns)
    .where(and(eq(trainingRuns.workspaceId, workspaceId), sql`${trainingRuns.parentRunId} is null`))
    .groupBy(trainingRuns.experimentId)
    .as('runs');
  const best = db
    .selectDistinctOn([trainingRuns.experimentId], { experimentId: trainingRuns.experimentId, bestRunId: sql<string>`${trainingRuns.id}`.as('best_run_id'), bestRocAuc: chosenRocAuc.as('best_roc_auc') })
    .from(trainingRuns)
    .where(and(eq(trainingRuns.workspaceId, workspaceId), eq(trainingRuns.status, 'succeeded'), sql`${trainingRuns.parentRunId} is null`))
    .orderBy(trainingRuns.experimentId, sql`${chosenRocAuc} desc nulls last`)
    .as('best');
  const rows = await db
    .select({ experiment: experiments, runCount: runs.runCount, lastRunAt: runs.lastRunAt, bestRunId: best.bestRunId, bestRocAuc: best.bestRocAuc })
    .from(experiments)
    .leftJoin(runs, eq(runs.experimentId, experiments.id))
    .leftJoin(best, eq(best.experimentId, experiments.id))
    .where(and(eq(experiments.workspaceId, workspaceId), only ? eq(experiments.id, only) : undefined))
    .orderBy(desc(sql`coalesce(${runs.lastRunAt}, ${experiments.createdAt})`));
  return rows.map((row) => ({
    ...row.experiment,
    runCount: row.runCount ?? 0,
    lastRunAt: row.lastRunAt ? new Date(row.lastRunAt) : null,
    bestRunId: row.bestRunId ?? null,
    bestRocAuc: row.bestRocAuc === null || row.bestRocAuc === undefined ? null : Number(row.bestRocAuc),
  }));
}

import type { Dataset, DatasetProfile, DatasetSummary, QualityReport, QualityReportOptions, TargetSpec } from '@scorebridge/shared';
import { datasetProfileSchema } from '@scorebridge/shared';
import type { Db } from '../db/client.ts';
import type { DatasetRow } from '../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { readSnapshot } from './dataset-reader.ts';
import { findDataset, listDatasets } from './datasets.repo.ts';
import { InvalidDataError } from './invalid-data-error.ts';
import { analyzeTarget, buildQualityReport, createProfiler } from './profile/index.ts';
import { writeSnapshot, type SnapshotInput, type SnapshotResult } from './snapshot-writer.ts';

export function toDatasetSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    origin: row.origin as Record<string, unknown>,
    rowCount: row.rowCount,
    columns: row.columns,
    sizeBytes: row.sizeBytes,
    contentHash: row.contentHash,
    createdByUserId: row.createdByUserId,
    createdAt: row.createdAt.toISOString(),
  };
}

function storedProfile(row: DatasetRow): DatasetProfile | null {
  const parsed = datasetProfileSchema.safeParse(row.profile);
  return parsed.success ? parsed.data : null;
}

export function toDataset(row: DatasetRow): Dataset {
  const profile = storedProfile(row);
  return { ...toDatasetSummary(row), profile, quality: profile ? buildQualityReport(profile, undefined) : null };
}

/**
 * Turns any table (an uploaded file, rows from Excel, a CRM sync, generated data) into a profiled,
 * immutable dataset. This is the one way data becomes a dataset, so every dataset has a profile.
 */
export async function importTable(db: Db, input: Omit<SnapshotInput<DatasetProfile>, 'profiler'>): Promise<SnapshotResult> {
  return writeSnapshot(db, { ...input, profiler: createProfiler(input.table.columns) });
}

export interface QualityQuery {
  target?: TargetSpec | undefined;
  options?: QualityReportOptions;
}

export function createDatasetsService({ db }: { db: Db }) {
  async function load(workspaceId: string, id: string): Promise<DatasetRow> {
    const row = await findDataset(db, workspaceId, id);
    if (!row) throw new NotFoundError('Dataset', id);
    return row;
  }

  return {
    async list(workspaceId: string): Promise<DatasetSummary[]> {
      return (await listDatasets(db, workspaceId)).map(toDatasetSummary);
    },

    async get(workspaceId: string, id: string): Promise<Dataset> {
      return toDataset(await load(workspaceId, id));
    },

    /** With a target, reads the dataset a second time to measure class balance, leakage and readiness. */
    async quality(workspaceId: string, id: string, { target, options = {} }: QualityQuery): Promise<QualityReport> {
      const row = await load(workspaceId, id);
      const profile = storedProfile(row);
      if (!profile) throw new InvalidDataError(`Dataset ${id} has no profile; import it again`);
      const analysis = target ? await analyzeTarget(readSnapshot(db, row), profile, target) : undefined;
      return buildQualityReport(profile, analysis, options);
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;

import type { Dataset, DatasetProfile, DatasetProfileOptions, DatasetSummary, QualityReport, QualityReportOptions, TargetSpec } from '@scorebridge/shared';
import { datasetProfileSchema } from '@scorebridge/shared';
import type { Db } from '../db/client.ts';
import type { DatasetRow } from '../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { readSnapshot } from './dataset-reader.ts';
import { findDataset, listDatasetProfiles, listDatasets } from './datasets.repo.ts';
import { InvalidDataError } from './invalid-data-error.ts';
import { analyzeTarget, buildQualityReport, createProfiler, crossDatasetFindings, type OtherDataset } from './profile/index.ts';
import { countFindings } from './profile/quality-report.ts';
import { writeSnapshot, type SnapshotInput, type SnapshotResult } from './snapshot-writer.ts';

export function toDatasetSummary(row: Omit<DatasetRow, 'profile'>): DatasetSummary {
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

function storedProfile(row: Pick<DatasetRow, 'profile'>): DatasetProfile | null {
  const parsed = datasetProfileSchema.safeParse(row.profile);
  return parsed.success ? parsed.data : null;
}

export function toDataset(row: DatasetRow, others: readonly OtherDataset[] = []): Dataset {
  const profile = storedProfile(row);
  return { ...toDatasetSummary(row), profile, quality: profile ? withCrossFindings(buildQualityReport(profile, undefined), profile, others) : null };
}

function withCrossFindings(report: QualityReport, profile: DatasetProfile, others: readonly OtherDataset[]): QualityReport {
  const cross = crossDatasetFindings(profile, others);
  if (cross.length === 0) return report;
  const findings = [...report.findings, ...cross];
  return { ...report, findings, counts: countFindings(findings) };
}

/** Other datasets compared for join keys: the most recent ones, a bounded number. */
const DATASETS_COMPARED = 50;

/**
 * Turns any table (an uploaded file, rows from Excel, a CRM sync, generated data) into a profiled,
 * immutable dataset. This is the one way data becomes a dataset, so every dataset has a profile.
 */
export async function importTable(db: Db, input: Omit<SnapshotInput<DatasetProfile>, 'profiler'> & { profileOptions?: DatasetProfileOptions }): Promise<SnapshotResult> {
  const { profileOptions, ...snapshot } = input;
  return writeSnapshot(db, { ...snapshot, profiler: createProfiler(input.table.columns, profileOptions) });
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

  /** The workspace's other datasets with a profile, for the join-key comparison. */
  async function othersThan(row: DatasetRow): Promise<OtherDataset[]> {
    const rows = (await listDatasetProfiles(db, row.workspaceId, DATASETS_COMPARED + 1)).filter((other) => other.id !== row.id && other.contentHash !== row.contentHash);
    return rows.flatMap((other) => {
      const profile = storedProfile(other);
      return profile ? [{ name: other.name, profile }] : [];
    });
  }

  return {
    async list(workspaceId: string): Promise<DatasetSummary[]> {
      return (await listDatasets(db, workspaceId)).map(toDatasetSummary);
    },

    async get(workspaceId: string, id: string): Promise<Dataset> {
      const row = await load(workspaceId, id);
      return toDataset(row, await othersThan(row));
    },

    /** With a target, reads the dataset a second time to measure class balance, leakage and readiness. */
    async quality(workspaceId: string, id: string, { target, options = {} }: QualityQuery): Promise<QualityReport> {
      const row = await load(workspaceId, id);
      const profile = storedProfile(row);
      if (!profile) throw new InvalidDataError(`Dataset ${id} has no profile; import it again`);
      const analysis = target ? await analyzeTarget(readSnapshot(db, row), profile, target) : undefined;
      return withCrossFindings(buildQualityReport(profile, analysis, options), profile, await othersThan(row));
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;

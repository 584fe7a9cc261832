import { z } from 'zod';
import { datasetProfileSchema, qualityReportSchema } from './dataset-profile.ts';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

export const DATASET_SOURCES = Object.freeze(['file', 'excel', 'crm_sync', 'generated'] as const);

export const datasetSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    source: z.enum(DATASET_SOURCES),
    origin: z.record(z.string(), z.unknown()).describe('Where the rows came from: file name and format, CRM object and sync run, …'),
    rowCount: z.number().int(),
    columns: z.array(z.string()),
    sizeBytes: z.number().int().describe('Stored size, compressed'),
    contentHash: z.string().describe('SHA-256 over the column names and every cell: equal data, equal hash'),
    createdByUserId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'DatasetSummary' });

export const datasetSchema = datasetSummarySchema
  .extend({
    profile: datasetProfileSchema.nullable(),
    quality: qualityReportSchema.nullable().describe('Findings that need no target; ask /quality with a target for leakage and readiness'),
  })
  .meta({ id: 'Dataset' });

export const importedDatasetSchema = z
  .object({
    dataset: datasetSchema,
    created: z.boolean().describe('False when identical data was imported before; that dataset is returned'),
  })
  .meta({ id: 'ImportedDataset' });

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const pushRowsSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    columns: z.array(z.string()).min(1).max(2000),
    rows: z.array(z.array(cellValue)).min(1).max(1_000_000),
  })
  .meta({ id: 'PushRows' });

export const datasetIdParamsSchema = z.object({ datasetId: z.uuid() });

export const importQuerySchema = z.object({
  name: z.string().trim().min(1).max(200).optional().describe('Defaults to the file name from Content-Disposition, else the time of import'),
  sheet: z.string().min(1).max(200).optional().describe('XLSX only: the sheet to read; default the first'),
});

const listOf = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean));

export const qualityQuerySchema = z.object({
  target: z.string().min(1).max(200).optional().describe('The outcome column; without it only target-free findings are reported'),
  positive: z.string().max(2000).optional().transform(listOf).describe('Comma-separated values meaning the good outcome'),
  negative: z.string().max(2000).optional().transform(listOf).describe('Comma-separated values meaning the other outcome; rows with neither are unlabeled'),
  exclude: z.string().max(20_000).optional().transform(listOf).describe('Comma-separated columns left out of training'),
});

export const datasetRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/v1/datasets',
    operationId: 'listDatasets',
    summary: 'Datasets of the workspace, newest first',
    tag: 'datasets',
    access: ROLE_SETS.people,
    response: { status: 200, schema: z.object({ items: z.array(datasetSummarySchema) }).meta({ id: 'DatasetList' }) },
  }),
  get: defineRoute({
    method: 'get',
    path: '/v1/datasets/{datasetId}',
    operationId: 'getDataset',
    summary: 'A dataset with its profile and target-free quality findings',
    tag: 'datasets',
    access: ROLE_SETS.people,
    params: datasetIdParamsSchema,
    response: { status: 200, schema: datasetSchema },
  }),
  importFile: defineRoute({
    method: 'post',
    path: '/v1/datasets/import',
    operationId: 'importDatasetFile',
    summary: 'Import a CSV or XLSX file sent as the request body',
    description: 'Send the file as is (Content-Type text/csv, an XLSX type or application/octet-stream). Nothing is stored when the file is rejected.',
    tag: 'datasets',
    access: ROLE_SETS.analysts,
    query: importQuerySchema,
    upload: { contentTypes: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'] },
    response: { status: 201, schema: importedDatasetSchema },
  }),
  pushRows: defineRoute({
    method: 'post',
    path: '/v1/datasets',
    operationId: 'pushDatasetRows',
    summary: 'Create a dataset from rows sent as JSON (the Excel add-in pushes tables this way)',
    tag: 'datasets',
    access: ROLE_SETS.analysts,
    body: pushRowsSchema,
    response: { status: 201, schema: importedDatasetSchema },
  }),
  quality: defineRoute({
    method: 'get',
    path: '/v1/datasets/{datasetId}/quality',
    operationId: 'getDatasetQuality',
    summary: 'The data-quality report and training readiness for a target',
    tag: 'datasets',
    access: ROLE_SETS.people,
    params: datasetIdParamsSchema,
    query: qualityQuerySchema,
    response: { status: 200, schema: qualityReportSchema },
  }),
} as const;

export type DatasetSummary = z.infer<typeof datasetSummarySchema>;
export type Dataset = z.infer<typeof datasetSchema>;
export type ImportedDataset = z.infer<typeof importedDatasetSchema>;

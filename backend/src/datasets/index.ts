export { createDatasetsService, importTable, toDataset, toDatasetSummary, type DatasetsService } from './datasets.service.ts';
export { registerDatasetRoutes, registerDatasetUploadRoute } from './datasets.routes.ts';
export { readSnapshot } from './dataset-reader.ts';
export { InvalidDataError } from './invalid-data-error.ts';
export type { Cell, RowBatch, TableStream } from './table.ts';

import { datasetRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import type { Db } from '../db/client.ts';
import type { DatasetsService } from './datasets.service.ts';
import { importTable } from './datasets.service.ts';
import { openTable, readJsonRows } from './import/index.ts';
import { fileNameFromDisposition, receiveUpload } from './upload.ts';

export interface DatasetRoutesDeps {
  db: Db;
  datasets: DatasetsService;
  maxUploadBytes: number;
}

/** JSON routes; the file upload is registered apart because its body is not JSON (see registerDatasetUploadRoute). */
export function registerDatasetRoutes(surface: RouteSurface, { db, datasets }: DatasetRoutesDeps): void {
  bindRoute(surface, datasetRoutes.list, async ({ principal }) => ({ items: await datasets.list(principal.workspaceId) }));
  bindRoute(surface, datasetRoutes.get, ({ principal, params }) => datasets.get(principal.workspaceId, params.datasetId));
  bindRoute(surface, datasetRoutes.quality, ({ principal, params, query }) =>
    datasets.quality(principal.workspaceId, params.datasetId, {
      target: query.target ? { column: query.target, ...(query.positive ? { positive: query.positive } : {}), ...(query.negative ? { negative: query.negative } : {}) } : undefined,
      options: { excludedColumns: query.exclude ?? [] },
    }),
  );
  bindRoute(surface, datasetRoutes.pushRows, async ({ principal, body }) => {
    const { dataset, created } = await importTable(db, {
      workspaceId: principal.workspaceId,
      name: body.name,
      source: 'excel',
      origin: { pushedBy: 'api' },
      createdByUserId: principal.userId,
      table: readJsonRows({ columns: body.columns, rows: body.rows }),
    });
    return { dataset: await datasets.get(principal.workspaceId, dataset.id), created };
  });
}

export function registerDatasetUploadRoute(surface: RouteSurface, { db, datasets, maxUploadBytes }: DatasetRoutesDeps): void {
  bindRoute(surface, datasetRoutes.importFile, async ({ principal, query, request }) => {
    const upload = await receiveUpload(request, maxUploadBytes);
    try {
      const fileName = fileNameFromDisposition(request.headers['content-disposition']);
      const opened = await openTable(upload.file, query.sheet ? { sheet: query.sheet } : {});
      const { dataset, created } = await importTable(db, {
        workspaceId: principal.workspaceId,
        name: query.name ?? fileName ?? `Upload ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
        source: 'file',
        origin: { fileName: fileName ?? null, format: opened.format, bytes: upload.bytes },
        createdByUserId: principal.userId,
        table: opened,
      });
      return { dataset: await datasets.get(principal.workspaceId, dataset.id), created };
    } finally {
      await upload.discard();
    }
  });
}

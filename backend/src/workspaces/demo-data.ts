import type { Db } from '../db/client.ts';
import { importTable } from '../datasets/datasets.service.ts';
import type { Logger } from '../logger.ts';
import { syntheticTableStream } from '../synthetic/index.ts';

/**
 * The data a new install starts with, so that a first user can look at datasets and quality
 * reports (and, once training exists, a model) at once. Generated, with the generator's usual
 * flaws, from a fixed seed: every install gets the same data.
 */
export const DEMO_DATASETS = Object.freeze([
  { name: 'Demo leads (synthetic)', object: 'Lead', rows: 5_000, seed: 20_261_127 },
  { name: 'Demo opportunities (synthetic)', object: 'Opportunity', rows: 3_000, seed: 20_261_128 },
] as const);

export async function loadDemoDatasets(db: Db, workspaceId: string, logger: Logger): Promise<string[]> {
  const ids: string[] = [];
  for (const demo of DEMO_DATASETS) {
    const { dataset } = await importTable(db, {
      workspaceId,
      name: demo.name,
      source: 'generated',
      origin: { generator: 'scorebridge synthetic CRM', object: demo.object, rows: demo.rows, seed: demo.seed },
      createdByUserId: null,
      table: syntheticTableStream({ object: demo.object, rows: demo.rows, seed: demo.seed }),
    });
    logger.info({ datasetId: dataset.id, name: demo.name, rows: dataset.rowCount }, 'demo dataset loaded');
    ids.push(dataset.id);
  }
  return ids;
}

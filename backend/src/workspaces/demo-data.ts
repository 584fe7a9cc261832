import type { Db } from '../db/client.ts';
import { importTable } from '../datasets/datasets.service.ts';
import type { Logger } from '../logger.ts';
import { OUTCOME_FIELDS, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../synthetic/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createTrainingRunsService } from '../training/runs/index.ts';

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

/** The demo's registered model: `scorebridge score leads.csv --model "Lead conversion"` works on a new install. */
export const DEMO_MODEL_NAME = 'Lead conversion';

/**
 * Queues the demo's first model: lead conversion on the demo leads, leaving out the fields that
 * give the outcome away (Status of a converted lead, the generator's true probability). The
 * in-process worker of `npm start` trains it in a few seconds and registers it as version 1 of
 * "Lead conversion", a candidate until an admin approves it as champion.
 */
export async function queueDemoTraining(db: Db, jobQueue: Pick<JobQueue, 'send' | 'cancel'>, workspaceId: string, leadsDatasetId: string): Promise<string> {
  const run = await createTrainingRunsService({ db, jobQueue }).start(
    { workspaceId, userId: null, apiKeyId: null, label: 'installation', requestId: null },
    {
      datasetId: leadsDatasetId,
      experiment: DEMO_MODEL_NAME,
      target: 'IsConverted',
      exclude: [...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted'), TRUE_PROBABILITY_FIELD],
      seed: 0,
      tuningTrials: 9,
      register: DEMO_MODEL_NAME,
      // The demo org's leads are synced too: the champion, once approved, rescores and writes them back.
      crmObject: 'Lead',
    },
  );
  return run.id;
}

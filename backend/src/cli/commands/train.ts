import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { importTable } from '../../datasets/index.ts';
import { openTable } from '../../datasets/import/index.ts';
import { AppError } from '../../errors.ts';
import { readVersionInfo } from '../../api/version-info.ts';
import { runTraining } from '../../training/runs/index.ts';
import { findTrainingRun, insertTrainingRun, listTrainingRuns } from '../../training/runs/training-runs.repo.ts';
import { toTrainingRun } from '../../training/runs/training-runs.service.ts';
import { chooseWorkspace, CliError, commandContext, withDatabase } from '../context.ts';
import { createProgress } from '../progress.ts';

export interface TrainOptions {
  target: string;
  positive?: string;
  exclude?: string;
  name?: string;
  dateColumn?: string;
  seed?: number;
  tune?: number;
  workspace?: string;
  json?: boolean;
}

/** Imports a file, trains both model kinds on it in this process with a progress bar, and prints the result. */
export async function trainCommand(file: string, options: TrainOptions): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No file ${file}`);
  const exclude = options.exclude?.split(',').map((column) => column.trim()).filter(Boolean) ?? [];
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const importing = createProgress(`Importing ${path.basename(file)}`, 'rows');
    const table = await openTable(file);
    // Checked on the header, before anything is stored.
    if (!table.columns.includes(options.target)) throw new CliError(`The file has no column ${options.target}; its columns are: ${table.columns.join(', ')}`);
    const { dataset } = await importTable(db, {
      workspaceId: workspace.id,
      name: path.basename(file),
      source: 'file',
      origin: { fileName: path.basename(file), format: table.format },
      createdByUserId: null,
      table,
      onProgress: (rows) => importing.update(rows),
    }).finally(() => importing.stop());

    const request = {
      datasetId: dataset.id,
      experiment: options.name ?? `${options.target} (${path.basename(file)})`,
      target: options.target,
      ...(options.positive ? { positive: options.positive } : {}),
      exclude,
      ...(options.dateColumn ? { dateColumn: options.dateColumn } : {}),
      seed: options.seed ?? 0,
      tuningTrials: options.tune ?? 0,
    };
    const run = await insertTrainingRun(db, { workspaceId: workspace.id, experiment: request.experiment, datasetId: dataset.id, status: 'queued', request });
    const training = createProgress('Training', 'steps');
    training.setTotal(100);
    const poll = setInterval(() => {
      findTrainingRun(db, workspace.id, run.id).then(
        (current) => training.update(Math.round(100 * (((current?.progress as { fraction?: number } | null)?.fraction) ?? 0))),
        () => {},
      );
    }, 250);
    try {
      await runTraining({ db, logger, codeVersion: readVersionInfo().commit }, { workspaceId: workspace.id, trainingRunId: run.id }, new AbortController().signal);
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`Training failed: ${error.message}`);
      throw error;
    } finally {
      clearInterval(poll);
      training.stop();
    }
    const done = (await findTrainingRun(db, workspace.id, run.id))!;
    const metrics = done.metrics as Record<string, { rocAuc: number; logLoss: number; prAuc: number; f1: number }>;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ trainingRunId: done.id, datasetId: dataset.id, chosen: done.chosen, metrics }, null, 2)}\n`);
      return;
    }
    const line = (kind: string) => `  ${kind.padEnd(9)} AUC ${metrics[kind]!.rocAuc.toFixed(4)}  PR AUC ${metrics[kind]!.prAuc.toFixed(4)}  log loss ${metrics[kind]!.logLoss.toFixed(4)}  F1 ${metrics[kind]!.f1.toFixed(3)}`;
    process.stdout.write(
      [`Training run ${done.id} on dataset ${dataset.id}: ${done.chosen} chosen (lower holdout log loss).`, line('gbdt'), line('logistic'), ''].join('\n'),
    );
  });
}

/** Training runs side by side, newest first: what an analyst compares before asking for a promotion. */
export async function runsList(options: { workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const runs = (await listTrainingRuns(db, workspace.id)).map(toTrainingRun);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    if (runs.length === 0) {
      process.stdout.write('No training runs. Train with: scorebridge train <file> --target <column>\n');
      return;
    }
    const auc = (run: (typeof runs)[number], kind: string) => (run.metrics?.[kind] ? run.metrics[kind]!.rocAuc.toFixed(4) : '-');
    process.stdout.write(`${['RUN', 'CREATED', 'STATUS', 'CHOSEN', 'GBDT AUC', 'LOGISTIC AUC', 'EXPERIMENT'].join('  ')}\n`);
    for (const run of runs) {
      process.stdout.write(`${[run.id, run.createdAt.slice(0, 16).replace('T', ' '), run.status.padEnd(9), (run.chosen ?? '-').padEnd(8), auc(run, 'gbdt').padEnd(8), auc(run, 'logistic').padEnd(12), run.experiment].join('  ')}\n`);
    }
  });
}

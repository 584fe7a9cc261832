import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { importTable } from '../../datasets/index.ts';
import { openTable } from '../../datasets/import/index.ts';
import { AppError } from '../../errors.ts';
import { readVersionInfo } from '../../api/version-info.ts';
import { modelNameSchema, startTrainingRunSchema } from '@scorebridge/shared';
import { runTraining } from '../../training/runs/index.ts';
import { findTrainingRun, findTrainingRunView } from '../../training/runs/training-runs.repo.ts';
import { createTrainingRun, toTrainingRun } from '../../training/runs/training-runs.service.ts';
import { chooseWorkspace, CliError, cliActor, commandContext, withDatabase } from '../context.ts';
import { createProgress } from '../progress.ts';

/** The CLI tunes unless told otherwise (--tune 0): a few trials cost seconds on CRM-sized data. */
export const DEFAULT_CLI_TUNING_TRIALS = 9;

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

/** The model name when --name is not given: the file's base name and the target, in the characters a name allows. */
export function defaultModelName(file: string, target: string): string {
  const base = path.basename(file, path.extname(file));
  return `${base} ${target}`.replace(/[^A-Za-z0-9 ._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100) || 'model';
}

/**
 * Imports a file, trains and tunes both model kinds on it in this process with a progress bar,
 * registers the chosen one as a candidate version of the model named by --name, and prints it.
 */
export async function trainCommand(file: string, options: TrainOptions): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No file ${file}`);
  const modelName = modelNameSchema.safeParse(options.name ?? defaultModelName(file, options.target));
  if (!modelName.success) throw new CliError(`--name: ${modelName.error.issues[0]!.message}`);
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

    const request = startTrainingRunSchema.parse({
      datasetId: dataset.id,
      experiment: modelName.data,
      target: options.target,
      ...(options.positive ? { positive: options.positive } : {}),
      exclude,
      ...(options.dateColumn ? { dateColumn: options.dateColumn } : {}),
      seed: options.seed ?? 0,
      tuningTrials: options.tune ?? DEFAULT_CLI_TUNING_TRIALS,
      register: modelName.data,
    });
    const run = await createTrainingRun(db, cliActor(workspace.id), request).catch((error: unknown) => {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    });
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
    const done = toTrainingRun((await findTrainingRunView(db, workspace.id, run.id))!);
    const metrics = done.metrics!;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ modelVersion: done.modelVersion, trainingRunId: done.id, datasetId: dataset.id, chosen: done.chosen, metrics }, null, 2)}\n`);
      return;
    }
    const line = (kind: string) => {
      const m = metrics[kind]!;
      return `  ${kind.padEnd(9)} AUC ${m.rocAuc.toFixed(4)}  PR AUC ${m.prAuc?.toFixed(4) ?? '-'}  log loss ${m.logLoss.toFixed(4)}  F1 ${m.f1?.toFixed(3) ?? '-'}`;
    };
    const version = done.modelVersion!;
    process.stdout.write(
      [
        `Model "${version.modelName}" version ${version.version} registered as a candidate: ${version.id}`,
        `  ${done.chosen} chosen (lower holdout log loss); training run ${done.id} on dataset ${dataset.id}.`,
        line('gbdt'),
        line('logistic'),
        `Score with: scorebridge score <file> --model "${version.modelName}@${version.version}" --out scored.csv`,
        '',
      ].join('\n'),
    );
  });
}

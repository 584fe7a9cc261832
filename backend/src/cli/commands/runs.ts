import type { TrainingRun } from '@scorebridge/shared';
import { listTrainingRuns } from '../../training/runs/training-runs.repo.ts';
import { createTrainingRunsReader, toTrainingRun } from '../../training/runs/training-runs.service.ts';
import { chooseWorkspace, CliError, commandContext, withDatabase } from '../context.ts';
import { printTable } from '../table-output.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function metric(run: TrainingRun, kind: string, name: 'rocAuc' | 'logLoss'): string {
  const value = run.metrics?.[kind]?.[name];
  return value === undefined ? '-' : value.toFixed(4);
}

/** Training runs, newest first, with each model's holdout AUC and the version a run registered. */
export async function runsList(options: { workspace?: string; json?: boolean; trials?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const runs = (await listTrainingRuns(db, workspace.id, { trials: options.trials ?? false })).map(toTrainingRun);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    if (runs.length === 0) {
      process.stdout.write('No training runs. Train with: scorebridge train <file> --target <column>\n');
      return;
    }
    printTable(
      ['RUN', 'CREATED', 'STATUS', 'CHOSEN', 'GBDT AUC', 'LOGISTIC AUC', 'VERSION', 'EXPERIMENT'],
      runs.map((run) => [
        run.id,
        run.createdAt.slice(0, 16).replace('T', ' '),
        run.status,
        run.chosen ?? (run.parentRunId ? 'trial' : '-'),
        metric(run, 'gbdt', 'rocAuc'),
        metric(run, 'logistic', 'rocAuc'),
        run.modelVersion ? `${run.modelVersion.modelName}@${run.modelVersion.version}` : '-',
        run.experiment,
      ]),
    );
  });
}

/** The tuned hyperparameters worth comparing, in a fixed order. */
const COMPARED_PARAMS = Object.freeze(['learningRate', 'maxLeaves', 'maxDepth', 'minSamplesLeaf', 'lambda', 'rowSubsample', 'colSubsample', 'rounds'] as const);

function paramsText(run: TrainingRun): string {
  const params = (run.parentRunId ? run.params : (run.params?.['gbdt'] as Record<string, unknown> | undefined)) ?? {};
  return COMPARED_PARAMS.filter((name) => params[name] !== undefined && params[name] !== null)
    .map((name) => `${name}=${String(params[name])}`)
    .join(' ');
}

/** One experiment's runs and tuning trials side by side, best first. */
export async function runsCompare(experiment: string, options: { workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const service = createTrainingRunsReader(db);
    const experimentId = UUID_PATTERN.test(experiment) ? experiment : (await service.experiments(workspace.id)).find((entry) => entry.name.toLowerCase() === experiment.trim().toLowerCase())?.id;
    if (!experimentId) {
      const names = (await service.experiments(workspace.id)).map((entry) => `"${entry.name}"`);
      throw new CliError(`No experiment "${experiment}"${names.length ? `; the experiments are: ${names.join(', ')}` : '; train first'}`);
    }
    const { experiment: found, runs } = await service.compare(workspace.id, experimentId);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ experiment: found, runs }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`Experiment "${found.name}": ${found.runCount} runs${found.bestRun ? `, best ${found.bestRun.id} (holdout AUC ${found.bestRun.rocAuc.toFixed(4)})` : ''}\n`);
    printTable(
      ['RUN', 'KIND', 'STATUS', 'AUC', 'LOG LOSS', 'MEASURED ON', 'SECONDS', 'PARAMETERS'],
      runs.map((run) => {
        const kind = run.parentRunId ? 'validation' : (run.chosen ?? 'gbdt');
        return [
          run.id,
          run.parentRunId ? `trial of ${run.parentRunId.slice(0, 8)}` : `run (${run.chosen ?? '-'})`,
          run.status,
          metric(run, kind, 'rocAuc'),
          metric(run, kind, 'logLoss'),
          run.parentRunId ? 'validation rows' : 'holdout',
          run.durationSeconds === null ? '-' : run.durationSeconds.toFixed(1),
          paramsText(run),
        ];
      }),
    );
  });
}

/** Experiments with their run counts and best runs. */
export async function experimentsList(options: { workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const service = createTrainingRunsReader(db);
    const experiments = await service.experiments(workspace.id);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(experiments, null, 2)}\n`);
      return;
    }
    if (experiments.length === 0) {
      process.stdout.write('No experiments yet. Train with: scorebridge train <file> --target <column>\n');
      return;
    }
    printTable(
      ['EXPERIMENT', 'RUNS', 'BEST AUC', 'BEST RUN', 'LAST RUN'],
      experiments.map((entry) => [entry.name, String(entry.runCount), entry.bestRun?.rocAuc.toFixed(4) ?? '-', entry.bestRun?.id ?? '-', entry.lastRunAt?.slice(0, 16).replace('T', ' ') ?? '-']),
    );
  });
}

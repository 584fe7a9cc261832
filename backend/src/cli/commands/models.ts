import { RETRAIN_DAYS_LIMITS } from '@scorebridge/shared';
import { AppError } from '../../errors.ts';
import { createRegistryService } from '../../registry/index.ts';
import { chooseWorkspace, CliError, cliActor, commandContext, withDatabase } from '../context.ts';
import { printTable } from '../table-output.ts';

function registryCommand<Options extends { workspace?: string }>(work: (registry: ReturnType<typeof createRegistryService>, workspaceId: string, options: Options) => Promise<void>) {
  return async (options: Options): Promise<void> => {
    const { config, logger } = commandContext('one-shot');
    await withDatabase(config, logger, async ({ db }) => {
      const workspace = await chooseWorkspace(db, options.workspace);
      try {
        await work(createRegistryService({ db }), workspace.id, options);
      } catch (error) {
        if (error instanceof AppError && error.status < 500) throw new CliError(error.message);
        throw error;
      }
    });
  };
}

/** Registered models with their aliases and newest version. */
export const modelsList = registryCommand<{ workspace?: string; json?: boolean }>(async (registry, workspaceId, options) => {
  const models = await registry.list(workspaceId);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
    return;
  }
  if (models.length === 0) {
    process.stdout.write('No registered models. Train one with: scorebridge train <file> --target <column> --name <model>\n');
    return;
  }
  printTable(
    ['MODEL', 'VERSIONS', 'ALIASES', 'RETRAINING', 'TARGET'],
    models.map((model) => [
      model.name,
      String(model.latestVersion ?? 0),
      Object.entries(model.aliases)
        .map(([alias, version]) => `${alias}=v${version}`)
        .join(' ') || '-',
      model.retrainEveryDays ? `every ${model.retrainEveryDays} days (next ${model.nextRetrainAt!.slice(0, 10)})` : 'off',
      model.target.column,
    ]),
  );
});

/** A model's versions, newest first, with their metrics and lineage. */
export function modelsVersions(name: string, options: { workspace?: string; json?: boolean }): Promise<void> {
  return registryCommand<typeof options>(async (registry, workspaceId) => {
    const versions = await registry.versions(workspaceId, name);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
      return;
    }
    printTable(
      ['VERSION', 'ID', 'KIND', 'AUC', 'LOG LOSS', 'ALIASES', 'CREATED', 'RUN'],
      versions.map((version) => [
        String(version.version),
        version.id,
        version.kind,
        version.metrics?.['rocAuc']?.toFixed(4) ?? '-',
        version.metrics?.['logLoss']?.toFixed(4) ?? '-',
        version.aliases.join(' ') || 'candidate',
        version.createdAt.slice(0, 16).replace('T', ' '),
        version.trainingRunId ?? '-',
      ]),
    );
  })(options);
}

/** `--every 10` days, or `--off`. */
export function modelsSchedule(name: string, options: { workspace?: string; every?: number; off?: boolean }): Promise<void> {
  if ((options.every === undefined) === !options.off) throw new CliError(`Give either --every <days> (${RETRAIN_DAYS_LIMITS.min} to ${RETRAIN_DAYS_LIMITS.max}) or --off`);
  if (options.every !== undefined && options.every > RETRAIN_DAYS_LIMITS.max) throw new CliError(`--every: at most ${RETRAIN_DAYS_LIMITS.max} days`);
  return registryCommand<typeof options>(async (registry, workspaceId) => {
    const model = await registry.setRetrainingSchedule(cliActor(workspaceId), name, { everyDays: options.off ? null : options.every! });
    process.stdout.write(
      model.retrainEveryDays
        ? `"${model.name}" retrains every ${model.retrainEveryDays} days, next on ${model.nextRetrainAt}; each retraining adds a candidate version (no alias moves).\n`
        : `"${model.name}" has no retraining schedule.\n`,
    );
  })(options);
}

import { CHAMPION_ALIAS, registryRoutes, type ModelVersion, type RegisteredModel } from '@scorebridge/shared';
import type { ApiClient } from '../api/index.ts';
import { CellInputError } from './cell-errors.ts';
import { parseReference } from './model-reference.ts';

/**
 * MODELINFO: what a model reference names right now, from the registry routes, resolved the way the
 * scoring API resolves it (a version id; name@number; name@alias; a name: its champion, else its
 * newest version), as label/value rows for the sheet.
 */

type Client = Pick<ApiClient, 'call'>;

const METRIC_LABELS: Record<string, string> = {
  rocAuc: 'ROC AUC',
  prAuc: 'PR AUC',
  logLoss: 'Log loss',
  brierScore: 'Brier score',
  f1: 'F1',
  threshold: 'Threshold',
};

interface ResolvedVersion {
  model: RegisteredModel;
  version: ModelVersion;
  via: string;
}

async function versionsOf(client: Client, modelName: string): Promise<ModelVersion[]> {
  return (await client.call(registryRoutes.versions, { params: { modelName } })).items;
}

async function resolve(client: Client, text: string): Promise<ResolvedVersion> {
  const reference = parseReference(text);
  if (reference.kind === 'version-id') {
    for (const model of (await client.call(registryRoutes.list)).items) {
      const version = (await versionsOf(client, model.name)).find((candidate) => candidate.id === reference.id);
      if (version) return { model, version, via: `version ${version.version}` };
    }
    throw new CellInputError(`model version ${reference.id} not found`);
  }
  const model = await client.call(registryRoutes.get, { params: { modelName: reference.model } });
  const versions = await versionsOf(client, model.name);
  const pick = (number: number | null | undefined, via: string, missing: string): ResolvedVersion => {
    const version = versions.find((candidate) => candidate.version === number);
    if (!version) throw new CellInputError(missing);
    return { model, version, via };
  };
  if (reference.kind === 'number') return pick(reference.version, `version ${reference.version}`, `version ${reference.version} of model "${model.name}" not found`);
  if (reference.kind === 'alias') return pick(model.aliases[reference.alias], reference.alias, `alias "${reference.alias}" of model "${model.name}" not found`);
  const champion = model.aliases[CHAMPION_ALIAS];
  if (champion !== undefined) return pick(champion, CHAMPION_ALIAS, `model "${model.name}" has no champion version`);
  return pick(model.latestVersion, 'newest version (no champion yet)', `model "${model.name}" has no version yet`);
}

/** "2026-11-27 10:31 UTC": text, so that Excel shows it as written rather than as a date serial. */
function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export async function modelInfoRows(client: Client, reference: string): Promise<(string | number)[][]> {
  const { model, version, via } = await resolve(client, reference);
  const metrics = Object.entries(version.metrics ?? {}).map(([name, value]) => [METRIC_LABELS[name] ?? name, value]);
  return [
    ['Model', model.name],
    ['Version', version.version],
    ['Via', via],
    ['Aliases', version.aliases.length > 0 ? version.aliases.join(', ') : 'none (a candidate)'],
    ['Kind', version.kind],
    ['Source', version.source],
    ...metrics,
    ['Trained at', formatTime(version.createdAt)],
    ['Version id', version.id],
  ];
}

/** The model a formula means when it names none: the workspace's only registered model. */
export async function defaultModelName(client: Client): Promise<string> {
  const models = (await client.call(registryRoutes.list)).items;
  if (models.length === 1) return models[0]!.name;
  if (models.length === 0) throw new CellInputError('no model is registered yet: train one first', 'notAvailable');
  throw new CellInputError(`name a model: the workspace has ${models.length} (${models.map((model) => model.name).join(', ')})`);
}

import { CHAMPION_ALIAS } from '@scorebridge/shared';
import type { Executor } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { findAliasedVersion, findLatestVersion, findModelVersionView, findVersionByNumber } from './model-versions.repo.ts';
import { findRegisteredModel } from './registered-models.repo.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How callers name a model version:
 *   `<version id>`       that version;
 *   `<name>@<alias>`     the version the alias points at (`Lead scoring@champion`);
 *   `<name>@<number>`    a version by number (`Lead scoring@3`), pinned;
 *   `<name>`             the champion, or, while no champion has been approved, the newest version.
 */
export type ModelReference = { kind: 'version-id'; id: string } | { kind: 'alias'; model: string; alias: string } | { kind: 'number'; model: string; version: number } | { kind: 'name'; model: string };

export function parseModelReference(text: string): ModelReference {
  const reference = text.trim();
  if (reference === '') throw new BadRequestError('No model given', [{ field: 'model', message: 'Give a model name, name@alias, name@version-number or a version id' }]);
  if (UUID_PATTERN.test(reference)) return { kind: 'version-id', id: reference.toLowerCase() };
  const at = reference.lastIndexOf('@');
  if (at < 0) return { kind: 'name', model: reference };
  const model = reference.slice(0, at).trim();
  const suffix = reference.slice(at + 1).trim();
  if (model === '' || suffix === '') throw new BadRequestError(`"${reference}" is not a model reference`, [{ field: 'model', message: 'Write name@alias (Lead scoring@champion) or name@3' }]);
  if (/^[0-9]+$/.test(suffix)) return { kind: 'number', model, version: Number(suffix) };
  return { kind: 'alias', model, alias: suffix.toLowerCase() };
}

export interface ResolvedVersion {
  version: ModelVersionRow;
  modelName: string;
  /** How the reference was read, for messages: "champion", "newest version (no champion yet)", "version 3". */
  via: string;
}

/** The version a reference names, in this workspace; 404 naming what was not found. */
export async function resolveModelReference(db: Executor, workspaceId: string, text: string): Promise<ResolvedVersion> {
  const reference = parseModelReference(text);
  if (reference.kind === 'version-id') {
    const view = await findModelVersionView(db, workspaceId, reference.id);
    if (!view) throw new NotFoundError('Model version', reference.id);
    return { version: view, modelName: view.modelName, via: `version ${view.version}` };
  }
  const model = await findRegisteredModel(db, workspaceId, reference.model);
  if (!model) throw new NotFoundError('Model', `"${reference.model}"`);
  if (reference.kind === 'number') {
    const version = await findVersionByNumber(db, model.id, reference.version);
    if (!version) throw new NotFoundError(`Version ${reference.version} of model`, `"${model.name}"`);
    return { version, modelName: model.name, via: `version ${version.version}` };
  }
  if (reference.kind === 'alias') {
    const version = await findAliasedVersion(db, model.id, reference.alias);
    if (!version) throw new NotFoundError(`Alias "${reference.alias}" of model`, `"${model.name}"`);
    return { version, modelName: model.name, via: reference.alias };
  }
  const champion = await findAliasedVersion(db, model.id, CHAMPION_ALIAS);
  if (champion) return { version: champion, modelName: model.name, via: CHAMPION_ALIAS };
  const newest = await findLatestVersion(db, model.id);
  if (!newest) throw new NotFoundError('A version of model', `"${model.name}"`);
  return { version: newest, modelName: model.name, via: 'newest version (no champion yet)' };
}

import { CHALLENGER_ALIAS, gradeBandsSchema, type GradeBands } from '@scorebridge/shared';
import type { Executor } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { resolveModelReference, type RegistryChange } from '../registry/index.ts';
import { findAliasedVersion } from '../registry/model-versions.repo.ts';
import { findRegisteredModelById } from '../registry/registered-models.repo.ts';

/** What a model reference means right now, with what scoring needs from its registered model. */
export interface ServedReference {
  workspaceId: string;
  modelId: string;
  modelName: string;
  version: ModelVersionRow;
  via: string;
  gradeBands: GradeBands;
  /** The version the model's `challenger` alias points at, unless that is the version served. */
  challenger: ModelVersionRow | null;
}

const MAX_ENTRIES = 10_000;

/**
 * Model references resolved once and kept until the registry says otherwise: every change to a
 * model (an alias moved or removed, a version registered, its grade bands edited) drops that
 * model's entries in every process (registry-changes.ts), and a reconnection of the listener,
 * after which changes may have been missed, drops them all. A resolution that was in progress when
 * a change arrived is used by its request but not kept, since it may have read the old state.
 */
export function createReferenceCache(db: Executor) {
  const entries = new Map<string, ServedReference>();
  const inProgress = new Map<string, Promise<ServedReference>>();
  let generation = 0;

  const resolveNow = async (workspaceId: string, text: string): Promise<ServedReference> => {
    const resolved = await resolveModelReference(db, workspaceId, text);
    const model = await findRegisteredModelById(db, resolved.version.modelId);
    const challenger = await findAliasedVersion(db, model.id, CHALLENGER_ALIAS);
    return {
      workspaceId,
      modelId: model.id,
      modelName: model.name,
      version: resolved.version,
      via: resolved.via,
      gradeBands: gradeBandsSchema.parse(model.gradeBands),
      challenger: challenger && challenger.id !== resolved.version.id ? challenger : null,
    };
  };

  return {
    /** The version `text` names in the workspace: a 404 (NotFoundError) when there is none. */
    resolve(workspaceId: string, text: string): Promise<ServedReference> {
      const key = `${workspaceId}\u0000${text.trim().toLowerCase()}`;
      const cached = entries.get(key);
      if (cached) return Promise.resolve(cached);
      const pending = inProgress.get(key);
      if (pending) return pending;
      const startedIn = generation;
      const resolving = resolveNow(workspaceId, text).then(
        (reference) => {
          if (inProgress.get(key) === resolving) inProgress.delete(key);
          if (generation === startedIn) {
            if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
            entries.set(key, reference);
          }
          return reference;
        },
        (error: unknown) => {
          if (inProgress.get(key) === resolving) inProgress.delete(key);
          throw error;
        },
      );
      inProgress.set(key, resolving);
      return resolving;
    },

    /** A model changed in some process: its references are resolved afresh from now on. */
    onChange(change: RegistryChange): void {
      generation += 1;
      inProgress.clear();
      for (const [key, reference] of entries) if (reference.modelId === change.modelId) entries.delete(key);
    },

    /** Changes may have been missed: everything is resolved afresh. */
    onReconnect(): void {
      generation += 1;
      inProgress.clear();
      entries.clear();
    },

    size(): number {
      return entries.size;
    },
  };
}

export type ReferenceCache = ReturnType<typeof createReferenceCache>;

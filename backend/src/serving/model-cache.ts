import type { ModelVersionRow } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import { createMicroBatcher, type BatchCounters, type BatchingOptions, type ScoreRecords } from './micro-batcher.ts';
import type { ServingModel } from './serving-model.ts';

export interface ModelLease {
  model: ServingModel;
  /** Scores through the version's micro-batcher. */
  score: ScoreRecords;
  /** Call once the request is done with the model; only then may the cache evict it. */
  release(): void;
}

interface Entry {
  loading: Promise<{ model: ServingModel; score: ScoreRecords }>;
  model: ServingModel | undefined;
  users: number;
}

export interface ModelCacheStats {
  versions: number;
  estimatedBytes: number;
  loads: number;
  evictions: number;
  /** Session runs, and the requests they served: fewer runs than requests is micro-batching at work. */
  batches: BatchCounters;
}

/**
 * Loaded versions by version id, least recently used first, bounded by their estimated memory.
 * A version is loaded once however many requests ask for it at the same time; a failed load is
 * not kept, so the next request tries again. A version in use by a request (its lease not yet
 * released) is never evicted: when everything is in use the cache goes over its bound for a
 * moment and evicts once leases come back. Eviction releases the native session.
 */
export function createModelCache({ maxBytes, load, logger, batching }: { maxBytes: number; load: (version: ModelVersionRow) => Promise<ServingModel>; logger: Logger; batching?: BatchingOptions }) {
  const entries = new Map<string, Entry>();
  /** The last entry of `entries`. */
  let mostRecentlyUsed: Entry | undefined;
  let loads = 0;
  let evictions = 0;
  const batches: BatchCounters = { runs: 0, requests: 0 };

  const totalBytes = (): number => {
    let total = 0;
    for (const entry of entries.values()) total += entry.model?.estimatedBytes ?? 0;
    return total;
  };

  const releaseModel = (model: ServingModel): void => {
    model.release().catch((error: unknown) => logger.warn({ err: error, versionId: model.version.id }, 'releasing a model session failed'));
  };

  const evictOverBound = (): void => {
    let total = totalBytes();
    // Map order is least recently used first: acquire() moves an entry to the end.
    for (const [versionId, entry] of entries) {
      if (total <= maxBytes) return;
      if (entry.users > 0 || !entry.model) continue;
      entries.delete(versionId);
      total -= entry.model.estimatedBytes;
      evictions += 1;
      logger.info({ versionId, estimatedBytes: entry.model.estimatedBytes, cacheBytes: total }, 'model evicted from the serving cache');
      releaseModel(entry.model);
    }
  };

  return {
    async acquire(version: ModelVersionRow): Promise<ModelLease> {
      let entry = entries.get(version.id);
      if (!entry) {
        loads += 1;
        const created: Entry = {
          model: undefined,
          users: 0,
          loading: load(version).then((model) => {
            created.model = model;
            logger.info({ versionId: version.id, version: version.version, kind: version.kind, estimatedBytes: model.estimatedBytes }, 'model loaded for serving');
            return { model, score: createMicroBatcher(model, batching, batches) };
          }),
        };
        entry = created;
      }
      // Moved to the end of the Map (a delete and a set) only when it is not there already: V8
      // rebuilds a Map's table every few deletes, and a new table on every few requests, held by
      // the long-lived Map, was promoted by the next young-generation collection.
      if (entry !== mostRecentlyUsed) {
        entries.delete(version.id);
        entries.set(version.id, entry);
        mostRecentlyUsed = entry;
      }
      entry.users += 1;
      const current = entry;
      try {
        const loaded = await current.loading;
        evictOverBound();
        let released = false;
        return {
          ...loaded,
          release() {
            if (released) return;
            released = true;
            current.users -= 1;
            evictOverBound();
          },
        };
      } catch (error) {
        current.users -= 1;
        if (entries.get(version.id) === current) entries.delete(version.id);
        throw error;
      }
    },

    stats(): ModelCacheStats {
      return { versions: entries.size, estimatedBytes: totalBytes(), loads, evictions, batches: { ...batches } };
    },

    /** Releases every session; call once no request is in progress. */
    async close(): Promise<void> {
      const models = [...entries.values()];
      entries.clear();
      await Promise.all(models.map(async (entry) => (await entry.loading.catch(() => undefined))?.model.release()));
    },
  };
}

export type ModelCache = ReturnType<typeof createModelCache>;

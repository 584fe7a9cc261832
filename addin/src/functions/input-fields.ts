import { registryRoutes, type ServedModel } from '@scorebridge/shared';
import type { ApiClient } from '../api/index.ts';

/**
 * The record fields a model version reads, from the registry (GET /v1/models/{name}/versions), so
 * that a formula whose headers lack one says which column is missing instead of scoring the record
 * with that field blank. A version never changes: one lookup per version for the life of the runtime.
 */
export function createInputFieldsLookup(client: Pick<ApiClient, 'call'>) {
  const byVersion = new Map<string, Promise<string[] | null>>();

  return {
    /** The version's input fields, or null when they cannot be had now (the check is then skipped). */
    forVersion(model: Pick<ServedModel, 'name' | 'versionId'>): Promise<string[] | null> {
      let lookup = byVersion.get(model.versionId);
      if (!lookup) {
        lookup = client.call(registryRoutes.versions, { params: { modelName: model.name } }).then(
          ({ items }) => items.find((version) => version.id === model.versionId)?.inputFields ?? null,
          () => null,
        );
        byVersion.set(model.versionId, lookup);
        // A failed lookup is asked again at the next recalculation rather than remembered.
        void lookup.then((fields) => {
          if (fields === null) byVersion.delete(model.versionId);
        });
      }
      return lookup;
    },
  };
}

export type InputFieldsLookup = ReturnType<typeof createInputFieldsLookup>;

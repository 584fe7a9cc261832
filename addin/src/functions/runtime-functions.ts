import { servingRoutes } from '@scorebridge/shared';
import { ApiError, createApiClient, type ApiClient } from '../api/index.ts';
import { getCredential, getServiceUrl } from '../auth/credential-store.ts';
import { createInputFieldsLookup } from './input-fields.ts';
import { createPinnedScoreCache } from './pinned-score-cache.ts';
import { createScoreBatcher } from './score-batcher.ts';
import { createScorebridgeFunctions, type ScorebridgeFunctions } from './scorebridge-functions.ts';
import { createTableHeaderSource } from './table-headers.ts';

/**
 * The functions as the add-in's runtime runs them: the API at the address the task pane signed in
 * to (else the origin that served the add-in), the credential read before each call, Excel's own
 * `Excel.run` for table headers.
 */

/** A client that follows the sign-in: a new service address takes effect at the next call. */
function signedInClient(): Pick<ApiClient, 'call'> {
  let current: { baseUrl: string; client: ApiClient } | undefined;
  return {
    async call(contract, input) {
      const baseUrl = await getServiceUrl();
      if (!baseUrl) throw new ApiError(401, 'unauthenticated', 'Not signed in');
      if (current?.baseUrl !== baseUrl) current = { baseUrl, client: createApiClient({ baseUrl, credential: getCredential }) };
      return current.client.call(contract, input);
    },
  };
}

export function createRuntimeFunctions(): ScorebridgeFunctions {
  const client = signedInClient();
  const batcher = createScoreBatcher({
    send: (body, signal) => client.call(servingRoutes.score, { body: { ...body, source: 'excel' }, signal }),
    cache: createPinnedScoreCache(),
  });
  return createScorebridgeFunctions({ client, batcher, inputFields: createInputFieldsLookup(client), tableHeaders: createTableHeaderSource() });
}

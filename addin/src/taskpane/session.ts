import { meRoutes, type Me } from '@scorebridge/shared';
import { createApiClient, type ApiClient } from '../api/index.ts';
import { getCredential, type SignIn } from '../auth/credential-store.ts';

/** Who is signed in and the client that calls the API as them. */
export interface Session {
  api: ApiClient;
  me: Me;
  signIn: SignIn;
}

/**
 * Checks a sign-in against the service (GET /v1/me) before anything is kept: a wrong key or address
 * fails here, with the service's own message.
 */
export async function openSession(signIn: SignIn, credential: () => Promise<string | null> = getCredential): Promise<Session> {
  const api = createApiClient({ baseUrl: signIn.serviceUrl, credential });
  const me = await api.call(meRoutes.get);
  return { api, me, signIn };
}

export function isAdmin(session: Session): boolean {
  return session.me.user.role === 'admin';
}

export function canImportAndScore(session: Session): boolean {
  return session.me.user.role === 'admin' || session.me.user.role === 'analyst';
}

import type { Role } from '@scorebridge/shared';

/** Who is calling, established once per request by the authentication middleware. */
export interface Principal {
  workspaceId: string;
  userId: string;
  role: Role;
  credential: 'api_key' | 'jwt';
  /** The key used, when the credential is an API key. */
  apiKeyId: string | null;
}

/** Who did something, as the audit trail records it. */
export interface Actor {
  workspaceId: string;
  userId: string | null;
  apiKeyId: string | null;
  /** How the actor reached us: `api`, `cli (user@host)`, `installation`. */
  label: string;
  requestId: string | null;
}

export function actorOf(principal: Principal, requestId: string): Actor {
  return { workspaceId: principal.workspaceId, userId: principal.userId, apiKeyId: principal.apiKeyId, label: 'api', requestId };
}

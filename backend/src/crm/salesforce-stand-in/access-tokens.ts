import { randomBytes } from 'node:crypto';

export interface Session {
  readonly username: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/**
 * Access and refresh tokens. Access tokens look like Salesforce's (`<org id>!<opaque>`) and expire
 * after the session timeout; refresh tokens do not expire until revoked.
 */
export class TokenRegistry {
  readonly #clock: () => Date;
  readonly #ttlMs: number;
  readonly #orgId: string;
  readonly #sessions = new Map<string, Session>();
  readonly #refreshTokens = new Set<string>();

  constructor(options: { clock: () => Date; ttlMs: number; orgId: string; refreshTokens: readonly string[] }) {
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#orgId = options.orgId;
    for (const token of options.refreshTokens) this.#refreshTokens.add(token);
  }

  issueAccessToken(username: string): { token: string; session: Session } {
    const token = `${this.#orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
    const issuedAtMs = this.#clock().getTime();
    const session = { username, issuedAtMs, expiresAtMs: issuedAtMs + this.#ttlMs };
    this.#sessions.set(token, session);
    return { token, session };
  }

  /** The live session of an access token, or undefined when it is unknown, revoked or expired. */
  session(token: string): Session | undefined {
    const session = this.#sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAtMs <= this.#clock().getTime()) {
      this.#sessions.delete(token);
      return undefined;
    }
    return session;
  }

  /** Revokes an access or a refresh token; false when it was neither. */
  revoke(token: string): boolean {
    return this.#sessions.delete(token) || this.#refreshTokens.delete(token);
  }

  /** Ends every session at once, as an admin's "revoke all sessions" or a timeout would. */
  expireAccessTokens(): void {
    this.#sessions.clear();
  }

  issueRefreshToken(): string {
    const token = `5Aep861${randomBytes(42).toString('base64url')}`;
    this.#refreshTokens.add(token);
    return token;
  }

  isRefreshToken(token: string): boolean {
    return this.#refreshTokens.has(token);
  }
}

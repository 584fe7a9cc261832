import { createHmac } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { TokenRegistry } from './access-tokens.ts';
import { verifyAssertion, type VerificationKey } from './jwt-assertion.ts';
import { ERROR_CODES, OAuthError, SalesforceApiError, sendJson } from './salesforce-errors.ts';

/** Who the stand-in's org and its one integration user are. */
export interface OrgIdentity {
  readonly orgId: string;
  readonly userId: string;
  readonly username: string;
}

/** Filled in once the server listens and its port is known. */
export interface StandInUrls {
  loginUrl: string;
  instanceUrl: string;
}

export interface OAuthDeps {
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly identity: OrgIdentity;
  readonly tokens: TokenRegistry;
  readonly jwtKey: VerificationKey | undefined;
  readonly clock: () => Date;
  readonly urls: StandInUrls;
}

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const tokenRequestSchema = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  refresh_token: z.string().optional(),
  assertion: z.string().optional(),
});

function identityUrl(deps: OAuthDeps): string {
  return `${deps.urls.loginUrl}/id/${deps.identity.orgId}/${deps.identity.userId}`;
}

/** The token response of Salesforce's OAuth flows; `signature` lets a client check `id` and `issued_at`. */
function tokenResponse(deps: OAuthDeps, scope: string): Record<string, string> {
  const { token, session } = deps.tokens.issueAccessToken(deps.identity.username);
  const id = identityUrl(deps);
  const issuedAt = String(session.issuedAtMs);
  const signature = createHmac('sha256', deps.clientSecret ?? deps.clientId)
    .update(id + issuedAt)
    .digest('base64');
  return { access_token: token, signature, scope, instance_url: deps.urls.instanceUrl, id, token_type: 'Bearer', issued_at: issuedAt };
}

function refreshGrant(deps: OAuthDeps, body: z.infer<typeof tokenRequestSchema>): Record<string, string> {
  if (body.client_id !== deps.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (body.client_secret !== undefined && deps.clientSecret !== undefined && body.client_secret !== deps.clientSecret) {
    throw new OAuthError('invalid_client', 'invalid client credentials');
  }
  if (!body.refresh_token || !deps.tokens.isRefreshToken(body.refresh_token)) throw new OAuthError('invalid_grant', 'expired access/refresh token');
  return tokenResponse(deps, 'api refresh_token');
}

async function jwtBearerGrant(deps: OAuthDeps, body: z.infer<typeof tokenRequestSchema>): Promise<Record<string, string>> {
  if (!body.assertion) throw new OAuthError('invalid_grant', 'invalid assertion');
  // An org whose connected app has no certificate cannot verify any assertion.
  if (!deps.jwtKey) throw new OAuthError('invalid_client', 'invalid client credentials');
  const loginUrl = deps.urls.loginUrl;
  await verifyAssertion(body.assertion, { key: deps.jwtKey, clientId: deps.clientId, audiences: [loginUrl, `${loginUrl}/`], username: deps.identity.username, now: deps.clock() });
  return tokenResponse(deps, 'api');
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header) : null;
  if (match) return match[1];
  return typeof req.query.oauth_token === 'string' ? req.query.oauth_token : undefined;
}

/**
 * The login host's endpoints: the token endpoint (refresh-token and JWT bearer grants), token
 * revocation, and the identity URL that token responses point to.
 */
export function oauthRoutes(deps: OAuthDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.post('/services/oauth2/token', form, async (req, res) => {
    const parsed = tokenRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new OAuthError('invalid_request', 'invalid token request');
    const body = parsed.data;
    let response: Record<string, string>;
    if (body.grant_type === 'refresh_token') response = refreshGrant(deps, body);
    else if (body.grant_type === JWT_BEARER_GRANT) response = await jwtBearerGrant(deps, body);
    else throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    sendJson(res, 200, response);
  });

  router.post('/services/oauth2/revoke', form, (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : undefined;
    if (!token || !deps.tokens.revoke(token)) throw new OAuthError('unsupported_token_type', 'this token type is not supported');
    res.status(200).end();
  });

  router.get('/id/:orgId/:userId', (req, res) => {
    const token = bearerToken(req);
    if (!token || !deps.tokens.session(token)) throw new SalesforceApiError(401, ERROR_CODES.invalidSession, 'Session expired or invalid');
    if (req.params.orgId !== deps.identity.orgId || req.params.userId !== deps.identity.userId) throw new SalesforceApiError(404, ERROR_CODES.notFound, 'The requested resource does not exist');
    const rest = `${deps.urls.instanceUrl}/services/data/v{version}/`;
    sendJson(res, 200, {
      id: identityUrl(deps),
      asserted_user: true,
      user_id: deps.identity.userId,
      organization_id: deps.identity.orgId,
      username: deps.identity.username,
      nick_name: deps.identity.username.split('@')[0],
      display_name: 'Integration User',
      email: deps.identity.username,
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      urls: { rest, sobjects: `${rest}sobjects/`, query: `${rest}query/`, profile: `${deps.urls.instanceUrl}/${deps.identity.userId}` },
    });
  });

  return router;
}

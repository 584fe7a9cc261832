import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { z } from 'zod';
import { UpstreamError } from '../../errors.ts';

/** What Salesforce's token endpoint answers; only the fields we use are checked. */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  id: z.string().optional(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export type TokenGrant =
  | { authFlow: 'refresh_token'; clientId: string; clientSecret?: string | undefined; refreshToken: string }
  | { authFlow: 'jwt_bearer'; clientId: string; username: string; privateKey: string };

/** How long a JWT assertion is valid; Salesforce accepts up to 3 minutes. */
const ASSERTION_LIFETIME_SECONDS = 170;

/**
 * Exchanges a refresh token or a signed JWT assertion for an access token at
 * `<loginUrl>/services/oauth2/token`, following Salesforce's documented OAuth flows. Used to check
 * credentials when connecting, and by the connection's refresh function when a session expires.
 */
export async function requestAccessToken(loginUrl: URL, grant: TokenGrant): Promise<TokenResponse> {
  const form = new URLSearchParams();
  if (grant.authFlow === 'refresh_token') {
    form.set('grant_type', 'refresh_token');
    form.set('client_id', grant.clientId);
    if (grant.clientSecret) form.set('client_secret', grant.clientSecret);
    form.set('refresh_token', grant.refreshToken);
  } else {
    form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    form.set('assertion', await signAssertion(loginUrl, grant));
  }
  let response: Response;
  try {
    response = await fetch(new URL('/services/oauth2/token', loginUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new UpstreamError(`Salesforce at ${loginUrl.origin} could not be reached`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = tokenErrorSchema.safeParse(body);
    const reason = parsed.success ? `${parsed.data.error}${parsed.data.error_description ? `: ${parsed.data.error_description}` : ''}` : `HTTP ${response.status}`;
    throw new UpstreamError(`Salesforce refused the credentials (${reason})`);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new UpstreamError('Salesforce answered the token request with an unexpected body');
  return parsed.data;
}

async function signAssertion(loginUrl: URL, grant: Extract<TokenGrant, { authFlow: 'jwt_bearer' }>): Promise<string> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(grant.privateKey, 'RS256');
  } catch (error) {
    throw new UpstreamError('The private key is not a PEM-encoded PKCS#8 RSA key (-----BEGIN PRIVATE KEY-----)', { cause: error });
  }
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(grant.clientId)
    .setSubject(grant.username)
    .setAudience(loginUrl.origin)
    .setExpirationTime(Math.floor(Date.now() / 1000) + ASSERTION_LIFETIME_SECONDS)
    .sign(key);
}

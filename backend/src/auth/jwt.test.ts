import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { meSchema, userSchema, type Role, type User } from '@scorebridge/shared';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * An identity provider's JWKS endpoint, as Entra ID or Salesforce publish one: each path serves
 * the public keys of one issuer.
 */
async function startJwksServer(keySets: Record<string, JWK[]>): Promise<{ url: (path: string) => string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const keys = keySets[req.url ?? ''];
    if (!keys) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const ISSUER = 'https://login.example.test/tenant-1/v2.0';
const OTHER_ISSUER = 'https://salesforce.example.test';
const AUDIENCE = 'api://scorebridge-test';
const OTHER_AUDIENCE = 'scorebridge-salesforce';

describe('bearer JWTs from configured identity providers', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let alpha: SeededWorkspace;
  let beta: SeededWorkspace;
  let signingKey: SigningKey;
  let otherProviderKey: SigningKey;

  before(async () => {
    signingKey = await createSigningKey('key-1');
    otherProviderKey = await createSigningKey('sf-key-1');
    jwks = await startJwksServer({ '/tenant-1/keys': [signingKey.publicJwk], '/salesforce/keys': [otherProviderKey.publicJwk] });
    api = await startTestApi(database, {
      AUTH_JWT_PROVIDERS: JSON.stringify([
        { issuer: ISSUER, jwksUrl: jwks.url('/tenant-1/keys'), audience: AUDIENCE },
        { issuer: OTHER_ISSUER, jwksUrl: jwks.url('/salesforce/keys'), audience: OTHER_AUDIENCE },
      ]),
    });
    alpha = await seedWorkspace(database.db, 'alpha');
    beta = await seedWorkspace(database.db, 'beta');
  });
  after(async () => {
    await api.close();
    await jwks.close();
  });

  /** Adds a user linked to a sign-in identity, as an admin of the workspace does. */
  async function linkUser(workspace: SeededWorkspace, role: Role, subject: string, issuer = ISSUER): Promise<User> {
    const response = await api.request('/v1/users', {
      method: 'POST',
      key: workspace.users.admin.key,
      json: { email: `${subject}@${workspace.slug}.example.com`, displayName: `Signed-in ${role}`, role, externalIssuer: issuer, externalSubject: subject },
    });
    const user = userSchema.parse(await expectJson(response, 201));
    assert.equal(user.externalIssuer, issuer);
    assert.equal(user.externalSubject, subject);
    return user;
  }

  interface TokenOptions {
    key?: SigningKey;
    kid?: string;
    issuer?: string;
    audience?: string;
    subject?: string | null;
    expiresAt?: number | string;
    notBefore?: number;
    claims?: JWTPayload;
  }

  function sign({ key = signingKey, kid = key.kid, issuer = ISSUER, audience = AUDIENCE, subject = 'nobody', expiresAt = '5m', notBefore, claims = {} }: TokenOptions): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime(expiresAt);
    if (subject !== null) jwt.setSubject(subject);
    if (notBefore !== undefined) jwt.setNotBefore(notBefore);
    return jwt.sign(key.privateKey);
  }

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('should accept a valid token and act as the linked user, with that user’s role and workspace', async () => {
    const user = await linkUser(alpha, 'analyst', `ana-${randomUUID()}`);
    const response = await api.request('/v1/me', { key: await sign({ subject: user.externalSubject! }) });
    const me = meSchema.parse(await expectJson(response, 200));
    assert.deepEqual(me.credential, { type: 'jwt', apiKeyId: null });
    assert.equal(me.user.id, user.id);
    assert.equal(me.user.role, 'analyst');
    assert.equal(me.workspace.id, alpha.id);
    assert.ok(jwks.requests.includes('/tenant-1/keys'), 'the JWKS was fetched from the provider');
  });

  it('should take role and workspace from the linked user, never from claims in the token', async () => {
    const user = await linkUser(beta, 'rep', `rita-${randomUUID()}`);
    const token = await sign({ subject: user.externalSubject!, claims: { role: 'admin', roles: ['admin'], workspaceId: alpha.id, tid: alpha.id } });
    const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: token }), 200));
    assert.equal(me.user.role, 'rep');
    assert.equal(me.workspace.id, beta.id);
    const error = await expectError(await api.request('/v1/users', { key: token }), 403, 'forbidden');
    assert.match(error.message, /your role is rep/);
  });

  it('should apply a role change to the next request with the same token', async () => {
    const user = await linkUser(alpha, 'rep', `promoted-${randomUUID()}`);
    const token = await sign({ subject: user.externalSubject! });
    await expectError(await api.request('/v1/audit-events', { key: token }), 403, 'forbidden');
    await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: alpha.users.admin.key, json: { role: 'admin' } }), 200);
    const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: token }), 200));
    assert.equal(me.user.role, 'admin');
    await expectJson(await api.request('/v1/audit-events', { key: token }), 200);
  });

  it('should record the JWT user as the actor in the audit trail, with no API key', async () => {
    const admin = await linkUser(alpha, 'admin', `root-${randomUUID()}`);
    const token = await sign({ subject: admin.externalSubject! });
    const response = await api.request('/v1/users', {
      method: 'POST',
      key: token,
      json: { email: `made-by-jwt-${randomUUID()}@alpha.example.com`, displayName: 'Made by a JWT admin', role: 'rep' },
    });
    const created = userSchema.parse(await expectJson(response, 201));
    const page = (await expectJson(await api.request(`/v1/audit-events?targetType=user&targetId=${created.id}`, { key: token }), 200)) as {
      items: { action: string; actorUserId: string | null; actorApiKeyId: string | null; requestId: string | null }[];
    };
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0]!.action, 'user.created');
    assert.equal(page.items[0]!.actorUserId, admin.id);
    assert.equal(page.items[0]!.actorApiKeyId, null);
    assert.equal(page.items[0]!.requestId, response.headers.get('x-request-id'));
  });

  it('should answer 401 to an expired token, saying it expired', async () => {
    const user = await linkUser(alpha, 'analyst', `late-${randomUUID()}`);
    const token = await sign({ subject: user.externalSubject!, expiresAt: nowSeconds() - 600 });
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /expired/);
  });

  it('should answer 401 to a token that is not valid yet', async () => {
    const user = await linkUser(alpha, 'analyst', `early-${randomUUID()}`);
    const token = await sign({ subject: user.externalSubject!, notBefore: nowSeconds() + 600 });
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /nbf/);
  });

  it('should answer 401 to a token signed by a key the issuer does not publish', async () => {
    const user = await linkUser(alpha, 'analyst', `forged-${randomUUID()}`);
    const stranger = await createSigningKey('key-unknown');
    const error = await expectError(await api.request('/v1/me', { key: await sign({ key: stranger, subject: user.externalSubject! }) }), 401, 'unauthenticated');
    assert.match(error.message, /signed with a key its issuer does not publish/);
  });

  it('should answer 401 to a token signed by another key under the published key id', async () => {
    const user = await linkUser(alpha, 'analyst', `impostor-${randomUUID()}`);
    const stranger = await createSigningKey(signingKey.kid);
    const error = await expectError(await api.request('/v1/me', { key: await sign({ key: stranger, subject: user.externalSubject! }) }), 401, 'unauthenticated');
    assert.match(error.message, /signature/);
  });

  it('should not let one provider’s keys vouch for another provider’s tokens', async () => {
    const user = await linkUser(alpha, 'analyst', `crossed-${randomUUID()}`, OTHER_ISSUER);
    // Properly signed by the Salesforce key, for the Salesforce audience, but claiming the other issuer.
    const token = await sign({ key: signingKey, issuer: OTHER_ISSUER, audience: OTHER_AUDIENCE, subject: user.externalSubject! });
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /signed with a key its issuer does not publish/);
    // The same identity with the right key works, which shows the refusal was about the key.
    const good = await sign({ key: otherProviderKey, issuer: OTHER_ISSUER, audience: OTHER_AUDIENCE, subject: user.externalSubject! });
    const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: good }), 200));
    assert.equal(me.user.id, user.id);
  });

  it('should answer 401 to a token for another audience', async () => {
    const user = await linkUser(alpha, 'analyst', `aud-${randomUUID()}`);
    const error = await expectError(await api.request('/v1/me', { key: await sign({ subject: user.externalSubject!, audience: 'api://someone-else' }) }), 401, 'unauthenticated');
    assert.match(error.message, /aud/);
    // Another configured provider's audience is not this provider's either.
    await expectError(await api.request('/v1/me', { key: await sign({ subject: user.externalSubject!, audience: OTHER_AUDIENCE }) }), 401, 'unauthenticated');
  });

  it('should answer 401 to a token from an issuer that is not configured', async () => {
    const user = await linkUser(alpha, 'analyst', `iss-${randomUUID()}`);
    const error = await expectError(await api.request('/v1/me', { key: await sign({ subject: user.externalSubject!, issuer: 'https://evil.example.test' }) }), 401, 'unauthenticated');
    assert.match(error.message, /evil\.example\.test/);
    assert.match(error.message, /not accepted/);
  });

  it('should answer 401 to a valid token whose subject has no user', async () => {
    const error = await expectError(await api.request('/v1/me', { key: await sign({ subject: `stranger-${randomUUID()}` }) }), 401, 'unauthenticated');
    assert.match(error.message, /No enabled Scorebridge user/);
  });

  it('should match the identity on issuer and subject together', async () => {
    const subject = `shared-${randomUUID()}`;
    await linkUser(alpha, 'admin', subject, OTHER_ISSUER);
    const error = await expectError(await api.request('/v1/me', { key: await sign({ subject }) }), 401, 'unauthenticated');
    assert.match(error.message, /No enabled Scorebridge user/);
  });

  it('should answer 401 to a token without a subject', async () => {
    const error = await expectError(await api.request('/v1/me', { key: await sign({ subject: null }) }), 401, 'unauthenticated');
    assert.match(error.message, /sub/);
  });

  it('should answer 401 to the token of a disabled user', async () => {
    const user = await linkUser(alpha, 'analyst', `gone-${randomUUID()}`);
    const token = await sign({ subject: user.externalSubject! });
    meSchema.parse(await expectJson(await api.request('/v1/me', { key: token }), 200));
    const disabled = userSchema.parse(await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: alpha.users.admin.key, json: { disabled: true } }), 200));
    assert.equal(disabled.disabled, true);
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /No enabled Scorebridge user/);
  });

  it('should answer 401 to an unsigned token (alg none)', async () => {
    const user = await linkUser(alpha, 'admin', `unsigned-${randomUUID()}`);
    const token = new UnsecuredJWT({ role: 'admin' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(user.externalSubject!).setIssuedAt().setExpirationTime('5m').encode();
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /algorithm that is not accepted/);
    // The same with a signature part glued on is no better.
    await expectError(await api.request('/v1/me', { key: `${token}c2lnbmF0dXJl` }), 401, 'unauthenticated');
  });

  it('should answer 401 to a token signed with HS256 using the public key as the secret', async () => {
    const user = await linkUser(alpha, 'admin', `hmac-${randomUUID()}`);
    const secret = new TextEncoder().encode(JSON.stringify(signingKey.publicJwk));
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: signingKey.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(user.externalSubject!)
      .setExpirationTime('5m')
      .sign(secret);
    const error = await expectError(await api.request('/v1/me', { key: token }), 401, 'unauthenticated');
    assert.match(error.message, /algorithm that is not accepted|does not publish/);
  });

  it('should answer 503, not 401, when the issuer’s keys cannot be fetched', async () => {
    const unreachable = await startTestApi(database, {
      // Port 9 (discard) has no listener here: the key fetch is refused at once.
      AUTH_JWT_PROVIDERS: JSON.stringify([{ issuer: ISSUER, jwksUrl: 'http://127.0.0.1:9/keys', audience: AUDIENCE }]),
    });
    try {
      const response = await unreachable.request('/v1/me', { key: await sign({}) });
      const error = await expectError(response, 503, 'service_unavailable');
      assert.match(error.message, /signing keys of .* could not be fetched/);
    } finally {
      await unreachable.close();
    }
  });

  it('should answer 401 to garbage that is neither an API key nor a JWT', async () => {
    for (const garbage of ['not-a-jwt', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOi.sig', '...']) {
      const error = await expectError(await api.request('/v1/me', { key: garbage }), 401, 'unauthenticated');
      assert.match(error.message, /neither a Scorebridge API key nor a well-formed JWT/, `message for ${garbage}`);
    }
  });
});

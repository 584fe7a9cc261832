import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { exportSPKI, generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { Connection } from 'jsforce';
import { LEAD_FIELDS, leadObject, recentStart, rejection } from './stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';
import { TEST_CONNECTED_APP_CERTIFICATE, TEST_CONNECTED_APP_PRIVATE_KEY } from './test-connected-app-keys.ts';

const CLIENT_ID = '3MVG9stand.in.consumer.key';
const CLIENT_SECRET = 'consumer-secret';
const REFRESH_TOKEN = '5Aep861-initial-refresh-token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('Salesforce stand-in: OAuth', () => {
  let standIn: SalesforceStandIn;
  let appKey: CryptoKey;
  let now = Date.now();

  before(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    appKey = keys.privateKey;
    standIn = await startSalesforceStandIn({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshTokens: [REFRESH_TOKEN],
      jwtPublicKey: await exportSPKI(keys.publicKey),
      username: 'integration@acme.example',
      accessTokenTtlSeconds: 3600,
      clock: () => new Date(now),
      objects: { Lead: leadObject(10, recentStart()) },
    });
  });
  after(async () => {
    await standIn.close();
  });
  beforeEach(() => {
    now = Date.now();
    standIn.requestLog.clear();
  });

  /** A connection configured as a refresh-token integration is: no access token yet. */
  function refreshingConnection(): Connection {
    return new Connection({ oauth2: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, loginUrl: standIn.loginUrl }, instanceUrl: standIn.instanceUrl, refreshToken: REFRESH_TOKEN, version: '62.0' });
  }

  function assertion(claims: { iss?: string; sub?: string; aud?: string; exp?: number }, key: CryptoKey = appKey): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(claims.iss ?? CLIENT_ID)
      .setSubject(claims.sub ?? 'integration@acme.example')
      .setAudience(claims.aud ?? standIn.loginUrl)
      .setExpirationTime(claims.exp ?? Math.floor(now / 1000) + 170)
      .sign(key);
  }

  it('should exchange a refresh token for a session as Salesforce’s token endpoint does', async () => {
    const conn = refreshingConnection();
    const response = await conn.oauth2.refreshToken(REFRESH_TOKEN);
    assert.deepEqual(Object.keys(response).sort(), ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
    assert.equal(response.instance_url, standIn.instanceUrl);
    assert.equal(response.token_type, 'Bearer');
    assert.equal(response.id, `${standIn.loginUrl}/id/${standIn.orgId}/${standIn.userId}`);
    const expected = createHmac('sha256', CLIENT_SECRET).update(`${response.id}${response.issued_at}`).digest('base64');
    assert.equal(response.signature, expected);
  });

  it('should let jsforce log in through its refresh token on the first 401', async () => {
    const conn = refreshingConnection();
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    const result = await conn.query('SELECT Id FROM Lead');
    assert.equal(result.totalSize, 10);
    assert.equal(refreshed.length, 1);
    const log = standIn.requestLog.entries().map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    assert.deepEqual(log, ['GET /services/data/v62.0/query 401', 'POST /services/oauth2/token 200', 'GET /services/data/v62.0/query 200']);
  });

  it('should answer an injected expired session with INVALID_SESSION_ID, so jsforce’s refreshFn renews it', async () => {
    const oldToken = standIn.issueAccessToken();
    let refreshes = 0;
    const conn = new Connection({
      instanceUrl: standIn.instanceUrl,
      accessToken: oldToken,
      version: '62.0',
      refreshFn: (_conn, callback) => {
        refreshes += 1;
        callback(undefined, standIn.issueAccessToken());
      },
    });
    standIn.faults.add({ kind: 'sessionExpired', path: '/query' });
    const result = await conn.query('SELECT Id FROM Lead');
    assert.equal(result.totalSize, 10);
    assert.equal(refreshes, 1);
    assert.notEqual(conn.accessToken, oldToken);
    const statuses = standIn.requestLog.entries().map((entry) => entry.status);
    assert.deepEqual(statuses, [401, 200]);
    const stale = await fetch(`${standIn.instanceUrl}/services/data/v62.0/sobjects`, { headers: { authorization: `Bearer ${oldToken}` } });
    assert.equal(stale.status, 401, 'the expired session stays expired');
    assert.deepEqual(await stale.json(), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('should expire access tokens after their lifetime and when told to', async () => {
    const token = standIn.issueAccessToken();
    const get = () => fetch(`${standIn.instanceUrl}/services/data/v62.0/sobjects`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get()).status, 200);
    now += 3_601_000;
    assert.equal((await get()).status, 401);
    const conn = refreshingConnection();
    await conn.query('SELECT Id FROM Lead');
    standIn.expireAccessTokens();
    const refreshed: string[] = [];
    conn.on('refresh', (fresh: string) => refreshed.push(fresh));
    await conn.query('SELECT Id FROM Lead');
    assert.equal(refreshed.length, 1);
  });

  it('should refuse bad refresh grants with OAuth errors', async () => {
    const conn = refreshingConnection();
    const expired = await rejection(conn.oauth2.refreshToken('5Aep861-unknown'));
    assert.equal(expired.name, 'invalid_grant');
    assert.equal(expired.message, 'expired access/refresh token');
    const wrongClient = new Connection({ oauth2: { clientId: 'someone-else', loginUrl: standIn.loginUrl } });
    assert.equal((await rejection(wrongClient.oauth2.refreshToken(REFRESH_TOKEN))).name, 'invalid_client_id');
    const wrongSecret = new Connection({ oauth2: { clientId: CLIENT_ID, clientSecret: 'nope', loginUrl: standIn.loginUrl } });
    assert.equal((await rejection(wrongSecret.oauth2.refreshToken(REFRESH_TOKEN))).name, 'invalid_client');
    const password = await fetch(`${standIn.loginUrl}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'x', password: 'y' }) });
    assert.equal(password.status, 400);
    assert.deepEqual(await password.json(), { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });

  it('should accept a refresh token issued at run time and forget a revoked one', async () => {
    const fresh = standIn.issueRefreshToken();
    const conn = new Connection({ oauth2: { clientId: CLIENT_ID, loginUrl: standIn.loginUrl }, instanceUrl: standIn.instanceUrl, refreshToken: fresh, version: '62.0' });
    await conn.query('SELECT Id FROM Lead');
    await conn.logout(true);
    assert.equal((await rejection(conn.oauth2.refreshToken(fresh))).name, 'invalid_grant');
  });

  it('should exchange a JWT bearer assertion signed by the connected app’s key', async () => {
    const conn = new Connection({ loginUrl: standIn.loginUrl, version: '62.0' });
    const userInfo = await conn.authorize({ grant_type: JWT_BEARER, assertion: await assertion({}) });
    assert.deepEqual(userInfo, { id: standIn.userId, organizationId: standIn.orgId, url: `${standIn.loginUrl}/id/${standIn.orgId}/${standIn.userId}` });
    assert.equal(conn.instanceUrl, standIn.instanceUrl);
    assert.equal((await conn.query('SELECT Id FROM Lead')).totalSize, 10);
    const identity = await conn.identity();
    assert.equal(identity.username, 'integration@acme.example');
    assert.equal(identity.organization_id, standIn.orgId);
  });

  it('should refuse assertions with the error Salesforce gives for each flaw', async () => {
    const exchange = async (jwt: string) => {
      const response = await fetch(`${standIn.loginUrl}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: jwt }) });
      assert.equal(response.status, 400);
      return response.json();
    };
    const stranger = (await generateKeyPair('RS256')).privateKey;
    assert.deepEqual(await exchange(await assertion({}, stranger)), { error: 'invalid_grant', error_description: 'invalid assertion' });
    assert.deepEqual(await exchange('not-a-jwt'), { error: 'invalid_grant', error_description: 'invalid assertion' });
    assert.deepEqual(await exchange(await assertion({ aud: 'https://login.salesforce.com' })), { error: 'invalid_grant', error_description: 'audience is invalid' });
    assert.deepEqual(await exchange(await assertion({ exp: Math.floor(now / 1000) - 10 })), { error: 'invalid_grant', error_description: 'expired authorization code' });
    assert.deepEqual(await exchange(await assertion({ iss: 'other-app' })), { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    assert.deepEqual(await exchange(await assertion({ sub: 'someone@acme.example' })), { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
  });
});

describe('Salesforce stand-in: an org without a connected app certificate', () => {
  it('should refuse JWT bearer assertions and start without one', async () => {
    const standIn = await startSalesforceStandIn({ clientId: CLIENT_ID, objects: { Lead: { fields: LEAD_FIELDS } } });
    try {
      const response = await fetch(`${standIn.loginUrl}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: 'a.b.c' }) });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
    } finally {
      await standIn.close();
    }
  });
});

describe('Salesforce stand-in: a connected app with an uploaded certificate', () => {
  it('should verify assertions signed with the certificate’s PKCS#8 private key', async () => {
    const standIn = await startSalesforceStandIn({ clientId: CLIENT_ID, jwtPublicKey: TEST_CONNECTED_APP_CERTIFICATE, objects: { Lead: leadObject(3, recentStart()) } });
    try {
      const key = await importPKCS8(TEST_CONNECTED_APP_PRIVATE_KEY, 'RS256');
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(CLIENT_ID)
        .setSubject(standIn.username)
        .setAudience(standIn.loginUrl)
        .setExpirationTime('3m')
        .sign(key);
      const conn = new Connection({ loginUrl: standIn.loginUrl, version: '62.0' });
      await conn.authorize({ grant_type: JWT_BEARER, assertion: jwt });
      assert.equal((await conn.query('SELECT Id FROM Lead')).totalSize, 3);
    } finally {
      await standIn.close();
    }
  });
});

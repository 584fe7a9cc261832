import assert from 'node:assert/strict';
import sinon from 'sinon';
import { clearCredential, getCredential, getServiceUrl, getSignIn, setCredential, useStorageForTests, type KeyValueStorage } from '../../src/auth/credential-store.ts';

function memoryStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => void items.set(key, value),
    removeItem: async (key) => void items.delete(key),
  };
}

describe('the credential store', () => {
  afterEach(() => {
    useStorageForTests(undefined);
    delete (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime;
  });

  it('should keep a pasted API key in the add-in storage and give it back as the credential', async () => {
    const storage = memoryStorage();
    useStorageForTests(storage);
    assert.equal(await getCredential(), null);
    await setCredential({ method: 'api_key', apiKey: 'sbk_abc_secret', serviceUrl: 'https://scores.example.com' });
    assert.equal(await getCredential(), 'sbk_abc_secret');
    assert.equal(await getServiceUrl(), 'https://scores.example.com');
    assert.deepEqual([...storage.items.keys()], ['scorebridge.sign-in']);
    await clearCredential();
    assert.equal(await getSignIn(), null);
  });

  it('should prefer OfficeRuntime.storage when Office provides it', async () => {
    const storage = memoryStorage();
    (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime = { storage };
    await setCredential({ method: 'api_key', apiKey: 'sbk_x_y', serviceUrl: 'http://127.0.0.1:1' });
    assert.ok(storage.items.has('scorebridge.sign-in'));
  });

  it('should ask Office for a fresh token at each call when signed in with single sign-on, and never store it', async () => {
    const storage = memoryStorage();
    const getAccessToken = sinon.stub().resolves('eyJ.token');
    (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime = { storage, auth: { getAccessToken } };
    await setCredential({ method: 'office_sso', serviceUrl: 'http://127.0.0.1:1' });
    assert.equal(await getCredential(), 'eyJ.token');
    assert.equal(await getCredential(), 'eyJ.token');
    sinon.assert.calledTwice(getAccessToken);
    assert.ok(![...storage.items.values()].some((value) => value.includes('eyJ.token')));
  });

  it('should say what to do when single sign-on fails or is absent', async () => {
    useStorageForTests(memoryStorage());
    await setCredential({ method: 'office_sso', serviceUrl: 'http://127.0.0.1:1' });
    await assert.rejects(getCredential(), /not available here.*paste an API key/);
    (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime = { auth: { getAccessToken: sinon.stub().rejects({ code: 13003, message: 'User type not supported' }) } };
    await assert.rejects(getCredential(), /Office error 13003.*User type not supported.*AUTH_JWT_PROVIDERS/);
  });

  it('should ignore a stored value it cannot read, as signed out', async () => {
    const storage = memoryStorage();
    useStorageForTests(storage);
    storage.items.set('scorebridge.sign-in', '{not json');
    assert.equal(await getSignIn(), null);
    storage.items.set('scorebridge.sign-in', JSON.stringify({ method: 'api_key', serviceUrl: 'x' }));
    assert.equal(await getSignIn(), null);
  });
});

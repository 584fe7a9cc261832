import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config.ts';
import { createCredentialVault, resolveEncryptionKey } from './credential-vault.ts';

describe('credential vault', () => {
  const vault = createCredentialVault(randomBytes(32));

  it('should open what it sealed, and never show the plaintext in the sealed form', () => {
    const secret = JSON.stringify({ refreshToken: '5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrBYjIrSc' });
    const sealed = vault.seal(secret, 'connection-1');
    assert.ok(!sealed.includes('5Aep861'));
    assert.match(sealed, /^v1\./);
    assert.equal(vault.open(sealed, 'connection-1'), secret);
  });

  it('should seal the same secret differently each time', () => {
    assert.notEqual(vault.seal('x', 'c'), vault.seal('x', 'c'));
  });

  it('should refuse a sealed value moved to another row', () => {
    const sealed = vault.seal('secret', 'connection-1');
    assert.throws(() => vault.open(sealed, 'connection-2'), /could not be opened/);
  });

  it('should refuse a tampered value and a value sealed with another key', () => {
    const sealed = vault.seal('secret', 'c');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => vault.open(parts.join('.'), 'c'), /could not be opened/);
    assert.throws(() => createCredentialVault(randomBytes(32)).open(sealed, 'c'), /wrong SCOREBRIDGE_ENCRYPTION_KEY/);
  });

  describe('the key', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-key-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should use the configured key', () => {
      const key = randomBytes(32);
      assert.deepEqual(resolveEncryptionKey({ SCOREBRIDGE_ENCRYPTION_KEY: key.toString('base64'), SCOREBRIDGE_DATA_DIR: dir }), key);
    });

    it('should generate one private key beside the embedded database and reuse it', () => {
      const first = resolveEncryptionKey({ SCOREBRIDGE_DATA_DIR: dir });
      assert.equal(first.length, 32);
      assert.equal(statSync(path.join(dir, 'encryption-key')).mode & 0o777, 0o600);
      assert.deepEqual(resolveEncryptionKey({ SCOREBRIDGE_DATA_DIR: dir }), first);
    });

    it('should demand a configured key when the database is external', () => {
      assert.throws(() => resolveEncryptionKey({ DATABASE_URL: 'postgres://db/x', SCOREBRIDGE_DATA_DIR: dir }), (error: unknown) => error instanceof ConfigError && /SCOREBRIDGE_ENCRYPTION_KEY is required/.test(error.message));
    });
  });
});

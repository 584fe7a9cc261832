import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.ts';

/**
 * Seals CRM secrets (refresh tokens, client secrets, private keys) for storage with AES-256-GCM:
 * confidentiality and tamper detection in one. The sealed form is `v1.<iv>.<tag>.<ciphertext>`
 * in base64url; the version prefix leaves room for key rotation. The associated data binds a
 * sealed value to its row, so a ciphertext copied to another workspace's row does not open.
 */
export interface CredentialVault {
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

const VERSION = 'v1';

export function createCredentialVault(key: Buffer): CredentialVault {
  if (key.length !== 32) throw new ConfigError('The encryption key must be 32 bytes');
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(sealed, boundTo) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Sealed credentials are in an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new Error('Sealed credentials could not be opened: wrong SCOREBRIDGE_ENCRYPTION_KEY, or the data was altered', { cause: error });
      }
    },
  };
}

/**
 * The key from SCOREBRIDGE_ENCRYPTION_KEY; without it, on a laptop (embedded database), a key
 * generated once and kept beside the data. A deployment with DATABASE_URL must configure one, since
 * a key stored next to the database it protects would protect nothing and would differ per container.
 */
export function resolveEncryptionKey(config: { SCOREBRIDGE_ENCRYPTION_KEY?: string | undefined; DATABASE_URL?: string | undefined; SCOREBRIDGE_DATA_DIR: string }): Buffer {
  if (config.SCOREBRIDGE_ENCRYPTION_KEY) return Buffer.from(config.SCOREBRIDGE_ENCRYPTION_KEY, 'base64');
  if (config.DATABASE_URL) {
    throw new ConfigError('SCOREBRIDGE_ENCRYPTION_KEY is required to store CRM credentials when DATABASE_URL is set; generate one with: openssl rand -base64 32');
  }
  const file = path.resolve(config.SCOREBRIDGE_DATA_DIR, 'encryption-key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

import { ConfigError } from '../config.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { createCredentialVault, resolveEncryptionKey, type CredentialVault } from './credential-vault.ts';

/**
 * A vault whose key is resolved on first use, so that a deployment that never connects a CRM does
 * not need an encryption key to start. A missing key then fails the CRM operation with the
 * operator's instructions instead of the whole server at start.
 */
export function createLazyVault(config: Parameters<typeof resolveEncryptionKey>[0]): CredentialVault {
  let vault: CredentialVault | undefined;
  const get = () => {
    try {
      return (vault ??= createCredentialVault(resolveEncryptionKey(config)));
    } catch (error) {
      if (error instanceof ConfigError) throw new ServiceUnavailableError(`CRM credentials cannot be stored or read: ${error.message}`, { cause: error });
      throw error;
    }
  };
  return {
    seal: (plaintext, boundTo) => get().seal(plaintext, boundTo),
    open: (sealed, boundTo) => get().open(sealed, boundTo),
  };
}

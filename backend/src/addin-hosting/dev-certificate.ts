import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

/**
 * A self-signed certificate for https://localhost, made on first start and kept in the data
 * directory, so that it is trusted once and stays trusted. Office loads add-ins over HTTPS only.
 * A certificate that expires within RENEW_BEFORE_DAYS is replaced (and must be trusted again).
 */

export const CERTIFICATE_VALID_DAYS = 365;
const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface DevCertificate {
  cert: string;
  key: string;
  certPath: string;
  /** True when this start made it: the person must trust it before Office will load the add-in. */
  created: boolean;
  validTo: Date;
}

export function certificatePaths(dataDir: string): { certPath: string; keyPath: string } {
  const directory = path.resolve(dataDir, 'tls');
  return { certPath: path.join(directory, 'localhost.pem'), keyPath: path.join(directory, 'localhost-key.pem') };
}

function usable(certPath: string, keyPath: string, now: Date): X509Certificate | undefined {
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  try {
    const certificate = new X509Certificate(readFileSync(certPath));
    return new Date(certificate.validTo).getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS && certificate.checkHost('localhost') ? certificate : undefined;
  } catch {
    return undefined;
  }
}

export async function loadOrCreateDevCertificate(dataDir: string, now = new Date()): Promise<DevCertificate> {
  const { certPath, keyPath } = certificatePaths(dataDir);
  const existing = usable(certPath, keyPath, now);
  if (existing) return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, created: false, validTo: new Date(existing.validTo) };

  const notAfter = new Date(now.getTime() + CERTIFICATE_VALID_DAYS * DAY_MS);
  const pems = await generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: 'Scorebridge development' },
    ],
    {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  );
  mkdirSync(path.dirname(certPath), { recursive: true });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, certPath, created: true, validTo: notAfter };
}

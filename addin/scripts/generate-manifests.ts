import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { iconPng } from './icon-png.ts';
import { devTarget, MANIFESTS_DIR, prodTarget, renderJsonManifest, renderXmlManifest, withSso, type ManifestTarget } from './manifest-targets.ts';

/**
 * `npm run manifests [-- --dev-port <port>] [-- --public-url https://scorebridge.example.com] [-- --sso-client-id <GUID>]`:
 * writes manifests/manifest.dev.xml and manifest.dev.json for the local HTTPS server, and with a
 * public URL (or PUBLIC_URL) manifest.prod.xml and manifest.prod.json for a deployment; also the
 * unified manifest's two icons. The dev files are committed; a test checks they match the templates.
 * With an SSO client id (or ADDIN_SSO_CLIENT_ID), the manifests declare Office single sign-on for
 * that app registration.
 */

export function writeManifests(targets: ManifestTarget[], directory = MANIFESTS_DIR): string[] {
  const written: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const url = new URL(name, directory);
    writeFileSync(url, content);
    written.push(url.pathname);
  };
  for (const target of targets) {
    write(`manifest.${target.name}.xml`, renderXmlManifest(target));
    write(`manifest.${target.name}.json`, renderJsonManifest(target));
  }
  write('color.png', iconPng(192));
  write('outline.png', iconPng(32, { outline: true }));
  return written;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { 'dev-port': { type: 'string' }, 'public-url': { type: 'string' }, 'sso-client-id': { type: 'string' } } });
  const publicUrl = values['public-url'] ?? process.env.PUBLIC_URL;
  const ssoClientId = values['sso-client-id'] ?? process.env.ADDIN_SSO_CLIENT_ID;
  try {
    const plain = [devTarget(values['dev-port'] ? Number(values['dev-port']) : undefined), ...(publicUrl ? [prodTarget(publicUrl)] : [])];
    const targets = ssoClientId ? plain.map((target) => withSso(target, ssoClientId)) : plain;
    for (const file of writeManifests(targets)) process.stdout.write(`wrote ${file}\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

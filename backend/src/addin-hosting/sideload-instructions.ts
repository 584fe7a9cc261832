import path from 'node:path';
import type { AddinHttpsServer } from './addin-https-server.ts';

/**
 * What `npm start` prints about the Excel add-in: where it is served, how to trust the development
 * certificate on this computer, and how to sideload the manifest (README, "Excel add-in", has the
 * steps in full).
 */

/** The committed development manifest is written for this port; another needs `npm run manifests`. */
export const DEV_MANIFEST_PORT = 8443;
const DEV_MANIFEST = path.join('manifests', 'manifest.dev.xml');

export function trustCommand(certificatePath: string, platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${certificatePath}"`;
    case 'win32':
      return `certutil -user -addstore Root "${certificatePath}"`;
    default:
      return `certutil -d sql:$HOME/.pki/nssdb -A -t "P,," -n scorebridge-localhost -i "${certificatePath}"   (libnss3-tools; for Chrome and Edge)`;
  }
}

export function sideloadInstructions(addin: Pick<AddinHttpsServer, 'url' | 'port' | 'certificatePath' | 'certificateCreated'>, platform: NodeJS.Platform = process.platform): string[] {
  const manifest = addin.port === DEV_MANIFEST_PORT ? DEV_MANIFEST : `${DEV_MANIFEST} after: npm run manifests -- --dev-port ${addin.port}`;
  const desktop =
    platform === 'darwin'
      ? `cp ${DEV_MANIFEST} ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/   then restart Excel`
      : platform === 'win32'
        ? 'copy it into a shared folder listed in Excel > Options > Trust Center > Trusted Add-in Catalogs; then Insert > My Add-ins > Shared Folder'
        : 'Windows: a shared-folder catalog; Mac: ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef (README, "Excel add-in")';
  return [
    `  Excel add-in:       ${addin.url}`,
    `    ${addin.certificateCreated ? 'A new development certificate was made; trust it once' : 'Trust the development certificate once (if not done yet)'}: ${trustCommand(addin.certificatePath, platform)}`,
    `    Sideload ${manifest}`,
    '      Excel on the web: Home > Add-ins > More Add-ins > Upload My Add-in',
    `      Excel desktop:    ${desktop}`,
  ];
}

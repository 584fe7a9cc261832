import { readFileSync } from 'node:fs';

/**
 * The add-in's manifests rendered from their one source per format (manifests/manifest.template.xml
 * and manifest.template.json) for a place the add-in is served from: the local development server
 * (https://localhost:8443, the backend's HTTPS listener) or a deployment's public URL.
 */

export const MANIFESTS_DIR = new URL('../../manifests/', import.meta.url);
export const ADDIN_PATH = '/addin';
export const DEFAULT_DEV_PORT = 8443;

export interface ManifestTarget {
  name: 'dev' | 'prod';
  /** The origin the add-in and the API are served from, https only. */
  origin: string;
  /** Different for each target, so that both can be sideloaded side by side. */
  id: string;
  displayName: string;
  /**
   * The application (client) id of the add-in's Microsoft Entra app registration, for Office
   * single sign-on; without it the manifests declare no SSO and the pane offers API keys only.
   */
  ssoClientId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same target with Office single sign-on declared for this app registration. */
export function withSso(target: ManifestTarget, clientId: string): ManifestTarget {
  if (!GUID.test(clientId)) throw new Error(`The SSO client id must be the app registration's application id, a GUID; got "${clientId}"`);
  return { ...target, ssoClientId: clientId.toLowerCase() };
}

/** Office SSO's resource: the app's "Application ID URI", which must name the add-in's host. */
export function ssoResource(target: ManifestTarget & { ssoClientId: string }): string {
  return `api://${new URL(target.origin).host}/${target.ssoClientId}`;
}

export function devTarget(port = DEFAULT_DEV_PORT): ManifestTarget {
  return { name: 'dev', origin: `https://localhost:${port}`, id: '067f9de0-6ad8-4b01-9746-ee0bd5d8cca3', displayName: 'Scorebridge (local)' };
}

export function prodTarget(publicUrl: string): ManifestTarget {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') throw new Error(`Office loads add-ins over HTTPS only; ${publicUrl} is not an https URL`);
  return { name: 'prod', origin: url.origin, id: '817096dc-eb7b-4706-b05a-7d95b22b4d4a', displayName: 'Scorebridge' };
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function fill(template: string, values: Record<string, string>, escape: (text: string) => string): string {
  const filled = template.replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Unknown placeholder ${placeholder} in a manifest template`);
    return escape(value);
  });
  return filled;
}

function valuesOf(target: ManifestTarget): Record<string, string> {
  return { ID: target.id, DISPLAY_NAME: target.displayName, ORIGIN: target.origin, HOST: new URL(target.origin).host, ADDIN_URL: `${target.origin}${ADDIN_PATH}` };
}

export function renderXmlManifest(target: ManifestTarget, template = readFileSync(new URL('manifest.template.xml', MANIFESTS_DIR), 'utf8')): string {
  const xml = fill(template, valuesOf(target), escapeXml);
  if (!target.ssoClientId) return xml;
  // WebApplicationInfo is the last child of VersionOverrides, after Resources.
  const sso = [
    '    <WebApplicationInfo>',
    `      <Id>${escapeXml(target.ssoClientId)}</Id>`,
    `      <Resource>${escapeXml(ssoResource({ ...target, ssoClientId: target.ssoClientId }))}</Resource>`,
    '      <Scopes>',
    '        <Scope>openid</Scope>',
    '        <Scope>profile</Scope>',
    '      </Scopes>',
    '    </WebApplicationInfo>',
  ].join('\n');
  return xml.replace('    </Resources>\n  </VersionOverrides>', `    </Resources>\n${sso}\n  </VersionOverrides>`);
}

export function renderJsonManifest(target: ManifestTarget, template = readFileSync(new URL('manifest.template.json', MANIFESTS_DIR), 'utf8')): string {
  // JSON.stringify of the value, less its quotes: the template already quotes each placeholder.
  const json = fill(template, valuesOf(target), (text) => JSON.stringify(text).slice(1, -1));
  if (!target.ssoClientId) return json;
  const manifest = JSON.parse(json) as Record<string, unknown>;
  manifest.webApplicationInfo = { id: target.ssoClientId, resource: ssoResource({ ...target, ssoClientId: target.ssoClientId }) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

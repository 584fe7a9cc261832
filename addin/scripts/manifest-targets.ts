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
  return fill(template, valuesOf(target), escapeXml);
}

export function renderJsonManifest(target: ManifestTarget, template = readFileSync(new URL('manifest.template.json', MANIFESTS_DIR), 'utf8')): string {
  // JSON.stringify of the value, less its quotes: the template already quotes each placeholder.
  return fill(template, valuesOf(target), (text) => JSON.stringify(text).slice(1, -1));
}

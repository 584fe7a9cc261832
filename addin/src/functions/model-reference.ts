/**
 * Model references as the scoring API reads them: a name (its champion), `name@alias`,
 * `name@<version number>` or a version id. The last two are pinned: they name one immutable
 * version, so their scores can be kept and reused.
 */

const VERSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParsedReference = { kind: 'version-id'; id: string } | { kind: 'number'; model: string; version: number } | { kind: 'alias'; model: string; alias: string } | { kind: 'name'; model: string };

export function parseReference(text: string): ParsedReference {
  const reference = text.trim();
  if (VERSION_ID_PATTERN.test(reference)) return { kind: 'version-id', id: reference.toLowerCase() };
  const at = reference.lastIndexOf('@');
  if (at < 0) return { kind: 'name', model: reference };
  const model = reference.slice(0, at).trim();
  const suffix = reference.slice(at + 1).trim();
  if (/^[0-9]+$/.test(suffix)) return { kind: 'number', model, version: Number(suffix) };
  return { kind: 'alias', model, alias: suffix.toLowerCase() };
}

export function isPinnedReference(text: string): boolean {
  const kind = parseReference(text).kind;
  return kind === 'version-id' || kind === 'number';
}

/** One spelling per reference: model names and aliases are case-insensitive in the registry. */
export function referenceKey(text: string): string {
  return text.trim().replace(/\s*@\s*/, '@').toLowerCase();
}

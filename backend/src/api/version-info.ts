import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Version } from '@scorebridge/shared';
import { z } from 'zod';
import { latestMigrationTag } from '../db/migrate.ts';

export type VersionInfo = Version;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Read once at start. The commit comes from SCOREBRIDGE_COMMIT (set when a container image is
 * built; an empty value counts as unset) or from the checkout's .git, without running git.
 */
export function readVersionInfo(env: NodeJS.ProcessEnv = process.env): VersionInfo {
  const { version } = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')));
  return { name: 'scorebridge', version, commit: env.SCOREBRIDGE_COMMIT || commitFromGit(), node: process.version, schemaVersion: latestMigrationTag() };
}

function commitFromGit(): string | null {
  try {
    const head = readFileSync(`${REPO_ROOT}.git/HEAD`, 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const refFile = `${REPO_ROOT}.git/${head.slice(5)}`;
    if (existsSync(refFile)) return readFileSync(refFile, 'utf8').trim();
    const packed = readFileSync(`${REPO_ROOT}.git/packed-refs`, 'utf8');
    return packed.split('\n').find((line) => line.endsWith(` ${head.slice(5)}`))?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

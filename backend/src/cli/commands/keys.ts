import type { ApiKey } from '@scorebridge/shared';
import { findApiKey, findApiKeyByLookupId, listApiKeys } from '../../auth/api-keys.repo.ts';
import { issueApiKey, toApiKey, withdrawApiKey } from '../../auth/api-keys.service.ts';
import { findFirstAdmin, findUser, findUserByEmail } from '../../auth/users.repo.ts';
import { chooseWorkspace, CliError, cliActor, commandContext, withDatabase } from '../context.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface KeysCreateOptions {
  name: string;
  workspace?: string;
  user?: string;
  expiresInDays?: number;
  json?: boolean;
}

export async function keysCreate(options: KeysCreateOptions): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const user = options.user
      ? UUID_PATTERN.test(options.user)
        ? await findUser(db, workspace.id, options.user)
        : await findUserByEmail(db, workspace.id, options.user)
      : await findFirstAdmin(db, workspace.id);
    if (!user) throw new CliError(options.user ? `No user ${options.user} in workspace ${workspace.slug}` : `Workspace ${workspace.slug} has no enabled admin; pass --user`);
    if (user.disabledAt !== null) throw new CliError(`User ${user.email ?? user.id} is disabled`);
    const created = await db.transaction((tx) =>
      issueApiKey(tx, cliActor(workspace.id), { userId: user.id, role: user.role }, { name: options.name, ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}) }),
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `Created API key ${created.apiKey.prefix} (${created.apiKey.id}) for ${user.email ?? user.displayName}, role ${user.role}, in workspace ${workspace.slug}.\n` +
        `The key is shown this once:\n\n  ${created.secret}\n\n`,
    );
  });
}

export async function keysList(options: { workspace?: string; includeRevoked?: boolean; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const keys = (await listApiKeys(db, workspace.id, { includeRevoked: options.includeRevoked ?? false })).map(toApiKey);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
      return;
    }
    process.stdout.write(formatKeyTable(keys));
  });
}

export async function keysRevoke(idOrPrefix: string, options: { workspace?: string }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const lookupId = /^sbk_([0-9a-f]{12})/.exec(idOrPrefix)?.[1];
    const key = UUID_PATTERN.test(idOrPrefix)
      ? await findApiKey(db, workspace.id, idOrPrefix)
      : lookupId
        ? await findApiKeyByLookupId(db, workspace.id, lookupId)
        : undefined;
    if (!key) throw new CliError(`No API key ${idOrPrefix} in workspace ${workspace.slug}; give its id or its sbk_… prefix (see keys list)`);
    const revoked = await db.transaction((tx) => withdrawApiKey(tx, cliActor(workspace.id), key));
    process.stdout.write(`Revoked API key ${revoked.prefix} (${revoked.name}) at ${revoked.revokedAt}.\n`);
  });
}

function formatKeyTable(keys: ApiKey[]): string {
  if (keys.length === 0) return 'No API keys.\n';
  const rows = keys.map((key) => [
    key.id,
    key.prefix,
    key.name,
    key.role,
    key.createdAt.slice(0, 16).replace('T', ' '),
    key.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never',
    key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= new Date().toISOString() ? 'expired' : 'active',
  ]);
  const header = ['ID', 'PREFIX', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'STATUS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

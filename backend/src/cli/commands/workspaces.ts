import { z } from 'zod';
import { ConflictError } from '../../errors.ts';
import { createWorkspaceWithAdmin } from '../../workspaces/installation.ts';
import { listWorkspaces } from '../../workspaces/workspaces.repo.ts';
import { CliError, cliActorLabel, commandContext, withDatabase } from '../context.ts';

const newWorkspaceSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2 to 63 lowercase letters, digits and dashes, starting with a letter or digit'),
  adminEmail: z.email('must be an email address'),
  adminName: z.string().trim().min(1).max(200),
});

export interface WorkspacesCreateOptions {
  name: string;
  slug: string;
  adminEmail: string;
  adminName?: string;
  json?: boolean;
}

/** Creates a workspace with its first admin and prints that admin's API key once. */
export async function workspacesCreate(options: WorkspacesCreateOptions): Promise<void> {
  const parsed = newWorkspaceSchema.safeParse({ ...options, adminName: options.adminName ?? options.adminEmail });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--${String(issue.path[0]).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${issue.message}`);
  }
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    let created;
    try {
      created = await createWorkspaceWithAdmin(db, cliActorLabel(), parsed.data);
    } catch (error) {
      if (error instanceof ConflictError) throw new CliError(error.message);
      throw error;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `Created workspace ${parsed.data.slug} (${created.workspaceId}) with admin ${parsed.data.adminEmail}.\n` +
        `The admin's API key is shown this once:\n\n  ${created.adminKey}\n\n`,
    );
  });
}

export async function workspacesList(options: { json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspaces = await listWorkspaces(db);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(workspaces.map((workspace) => ({ ...workspace, createdAt: workspace.createdAt.toISOString() })), null, 2)}\n`);
      return;
    }
    if (workspaces.length === 0) {
      process.stdout.write('No workspaces. Create one with: scorebridge workspaces create --name <name> --slug <slug> --admin-email <email>\n');
      return;
    }
    for (const workspace of workspaces) process.stdout.write(`${workspace.slug}\t${workspace.id}\t${workspace.name}\n`);
  });
}

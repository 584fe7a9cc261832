import { z } from 'zod';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';
import { userSchema } from './users.ts';

export const workspaceSchema = z
  .object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'Workspace' });

export const meSchema = z
  .object({
    user: userSchema,
    workspace: workspaceSchema,
    credential: z.object({
      type: z.enum(['api_key', 'jwt']),
      apiKeyId: z.uuid().nullable(),
    }),
  })
  .meta({ id: 'Me' });

export const meRoutes = {
  get: defineRoute({
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    summary: 'Who the credential belongs to, and their workspace and role',
    tag: 'me',
    access: ROLE_SETS.everyone,
    response: { status: 200, schema: meSchema },
  }),
} as const;

export type Workspace = z.infer<typeof workspaceSchema>;
export type Me = z.infer<typeof meSchema>;

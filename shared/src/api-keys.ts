import { z } from 'zod';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS, roleSchema } from './roles.ts';

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    userId: z.uuid().describe('The key acts as this user, with this user’s role.'),
    role: roleSchema,
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it; the rest is never stored.'),
    createdAt: z.iso.datetime(),
    createdByUserId: z.uuid().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100).describe('What the key is for, for example "Excel on Ana’s laptop".'),
    userId: z.uuid().optional().describe('Whose key this is; only admins may name another user. Defaults to the caller.'),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: 'CreateApiKey' });

export const createdApiKeySchema = z
  .object({
    apiKey: apiKeySchema,
    secret: z.string().describe('The whole key. It is shown this once and cannot be recovered.'),
  })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListQuerySchema = z.object({
  userId: z.uuid().optional().describe('Only this user’s keys (admins); others always see only their own.'),
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const apiKeyIdParamsSchema = z.object({ apiKeyId: z.uuid() });

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' });

export const apiKeyRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/v1/api-keys',
    operationId: 'listApiKeys',
    summary: 'API keys: all of the workspace’s for admins, one’s own for everyone else',
    tag: 'api-keys',
    access: ROLE_SETS.everyone,
    query: apiKeyListQuerySchema,
    response: { status: 200, schema: apiKeyListSchema },
  }),
  create: defineRoute({
    method: 'post',
    path: '/v1/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key; the secret is in this response only',
    tag: 'api-keys',
    access: ROLE_SETS.people,
    body: createApiKeySchema,
    response: { status: 201, schema: createdApiKeySchema },
  }),
  revoke: defineRoute({
    method: 'delete',
    path: '/v1/api-keys/{apiKeyId}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key at once; admins may revoke any key of the workspace',
    tag: 'api-keys',
    access: ROLE_SETS.everyone,
    params: apiKeyIdParamsSchema,
    response: { status: 200, schema: apiKeySchema },
  }),
} as const;

export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreateApiKey = z.infer<typeof createApiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

import { z } from 'zod';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS, roleSchema } from './roles.ts';

export const USER_KINDS = Object.freeze(['person', 'service'] as const);

export const userSchema = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    kind: z.enum(USER_KINDS).describe('`service` users are machine identities such as a Salesforce org.'),
    email: z.email().nullable(),
    displayName: z.string(),
    role: roleSchema,
    externalIssuer: z.string().nullable().describe('Issuer of the single sign-on tokens this user signs in with.'),
    externalSubject: z.string().nullable().describe('The `sub` claim of those tokens.'),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const createUserSchema = z
  .object({
    kind: z.enum(USER_KINDS).default('person'),
    email: z.email().max(320).optional(),
    displayName: z.string().trim().min(1).max(200),
    role: roleSchema,
    externalIssuer: z.string().min(1).max(500).optional(),
    externalSubject: z.string().min(1).max(500).optional(),
  })
  .refine((user) => user.kind === 'service' || user.email !== undefined, {
    path: ['email'],
    message: 'A person needs an email address',
  })
  .refine((user) => (user.externalIssuer === undefined) === (user.externalSubject === undefined), {
    path: ['externalSubject'],
    message: 'externalIssuer and externalSubject go together: give both or neither',
  })
  .meta({ id: 'CreateUser' });

export const updateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one of displayName, role, disabled' })
  .meta({ id: 'UpdateUser' });

export const userIdParamsSchema = z.object({ userId: z.uuid() });

export const userListSchema = z.object({ items: z.array(userSchema) }).meta({ id: 'UserList' });

export const userRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/v1/users',
    operationId: 'listUsers',
    summary: 'Users of the caller’s workspace',
    tag: 'users',
    access: ROLE_SETS.admins,
    response: { status: 200, schema: userListSchema },
  }),
  get: defineRoute({
    method: 'get',
    path: '/v1/users/{userId}',
    operationId: 'getUser',
    summary: 'One user',
    tag: 'users',
    access: ROLE_SETS.admins,
    params: userIdParamsSchema,
    response: { status: 200, schema: userSchema },
  }),
  create: defineRoute({
    method: 'post',
    path: '/v1/users',
    operationId: 'createUser',
    summary: 'Add a person or a service identity to the workspace',
    tag: 'users',
    access: ROLE_SETS.admins,
    body: createUserSchema,
    response: { status: 201, schema: userSchema },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/v1/users/{userId}',
    operationId: 'updateUser',
    summary: 'Rename a user, change their role, or disable them',
    description: 'The last enabled admin of a workspace cannot be demoted or disabled (409).',
    tag: 'users',
    access: ROLE_SETS.admins,
    params: userIdParamsSchema,
    body: updateUserSchema,
    response: { status: 200, schema: userSchema },
  }),
} as const;

export type User = z.infer<typeof userSchema>;
export type CreateUser = z.infer<typeof createUserSchema>;
export type UpdateUser = z.infer<typeof updateUserSchema>;

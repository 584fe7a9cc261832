import { z } from 'zod';
import { defineRoute } from './route-contract.ts';

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const readinessCheckSchema = z.object({
  status: z.enum(['ok', 'failing']),
  latencyMs: z.number().optional(),
  message: z.string().optional(),
});

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ database: readinessCheckSchema, jobQueue: readinessCheckSchema }),
  })
  .meta({ id: 'Readiness' });

export const versionSchema = z
  .object({
    name: z.literal('scorebridge'),
    version: z.string(),
    commit: z.string().nullable(),
    node: z.string(),
    schemaVersion: z.string().nullable().describe('Tag of the latest database migration applied.'),
  })
  .meta({ id: 'Version' });

export const systemRoutes = {
  health: defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'The process is up',
    tag: 'system',
    access: 'public',
    response: { status: 200, schema: healthSchema },
  }),
  ready: defineRoute({
    method: 'get',
    path: '/ready',
    operationId: 'getReadiness',
    summary: 'The database and the job queue are reachable',
    description: 'Answers 503 with the same body when a check fails.',
    tag: 'system',
    access: 'public',
    response: { status: 200, schema: readinessSchema },
  }),
  version: defineRoute({
    method: 'get',
    path: '/version',
    operationId: 'getVersion',
    summary: 'Build and schema version of this server',
    tag: 'system',
    access: 'public',
    response: { status: 200, schema: versionSchema },
  }),
  openApi: defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API described as OpenAPI 3.1',
    tag: 'system',
    access: 'public',
    response: { status: 200, schema: z.record(z.string(), z.unknown()) },
  }),
  docs: defineRoute({
    method: 'get',
    path: '/docs',
    operationId: 'getDocsPage',
    summary: 'Browsable API documentation',
    tag: 'system',
    access: 'public',
    response: { status: 200, schema: z.string(), contentType: 'text/html' },
  }),
} as const;

export type Health = z.infer<typeof healthSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
export type Version = z.infer<typeof versionSchema>;

import { errorBodySchema, type RouteContract } from '@scorebridge/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

export interface OpenApiOptions {
  contracts: readonly RouteContract[];
  version: string;
}

/**
 * Builds the OpenAPI 3.1 document from the route contracts. OpenAPI 3.1 uses JSON Schema 2020-12,
 * which zod emits directly; schemas that carry a `meta({ id })` become named components.
 */
export function buildOpenApiDocument({ contracts, version }: OpenApiOptions) {
  const components: Record<string, JsonSchema> = {};

  /** Converts a zod schema, moving its named sub-schemas into `components.schemas`. */
  function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const rewritten = JSON.parse(JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    const { $schema: _dialect, $defs: definitions, ...rest } = rewritten;
    for (const [name, definition] of Object.entries((definitions ?? {}) as Record<string, JsonSchema>)) {
      const existing = components[name];
      // A schema used in both a request and a response can convert differently (defaults make
      // fields optional on input). One component name must mean one shape.
      if (existing && JSON.stringify(existing) !== JSON.stringify(definition)) {
        throw new Error(`Schema ${name} converts differently as request and as response; give the request variant its own meta id`);
      }
      components[name] = definition;
    }
    return rest;
  }

  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: toSchema(errorBodySchema, 'output') } } });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const contract of [...contracts].sort((a, b) => a.path.localeCompare(b.path))) {
    const parameters = [
      ...parametersOf(contract.params, 'path', toSchema),
      ...parametersOf(contract.query, 'query', toSchema),
    ];
    const responseSchema = contract.response.schema;
    const responses: Record<string, unknown> = {
      [contract.response.status]: responseSchema
        ? { description: contract.summary, content: { [contract.response.contentType ?? 'application/json']: { schema: toSchema(responseSchema, 'output') } } }
        : { description: contract.summary },
    };
    if (contract.body || contract.upload) {
      responses['400'] = errorResponse('The body is not valid JSON');
      responses['413'] = errorResponse('The body is larger than the configured limit');
      responses['415'] = errorResponse('The body is not JSON');
    }
    if (contract.access !== 'public') {
      responses['401'] = errorResponse('No credential, or one that is not valid, revoked or expired');
      responses['403'] = errorResponse('The caller’s role may not do this');
      responses['429'] = errorResponse('Too many requests for this credential; see Retry-After');
    }
    if (contract.params) responses['404'] = errorResponse('No such object in the caller’s workspace');
    if (contract.params || contract.query || contract.body || contract.upload) responses['422'] = errorResponse('A field is invalid; `details` names each one');
    responses['500'] = errorResponse('Unexpected failure; quote the request id');

    const operation: Record<string, unknown> = {
      operationId: contract.operationId,
      summary: contract.summary,
      ...(contract.description ? { description: contract.description } : {}),
      tags: [contract.tag],
      security: contract.access === 'public' ? [] : [{ bearer: [] }],
      ...(contract.access === 'public' ? {} : { 'x-roles': contract.access }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(contract.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(contract.body, 'input') } } } } : {}),
      ...(contract.upload
        ? { requestBody: { required: true, content: Object.fromEntries(contract.upload.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } }
        : {}),
      responses,
    };
    (paths[contract.path] ??= {})[contract.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Scorebridge API',
      version,
      description:
        'Predictive scores for CRM records and spreadsheets. Every `/v1` route needs `Authorization: Bearer <API key or JWT>`; `x-roles` lists the roles allowed. Errors always have the shape of the `Error` schema.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A Scorebridge API key (sbk_…) or a JWT from a configured identity provider.' },
      },
    },
  };
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query', toSchema: (schema: z.ZodType, io: 'input') => JsonSchema) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const converted = toSchema(fieldSchema, 'input');
    const { description, ...rest } = converted;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

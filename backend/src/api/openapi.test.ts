import assert from 'node:assert/strict';
import { compileErrors, validate } from '@readme/openapi-parser';
import { ALL_ROUTE_CONTRACTS } from '@scorebridge/shared';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const CONTRACTS = ALL_ROUTE_CONTRACTS;

function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else collectRefs(child, found);
    }
  }
  return found;
}

describe('OpenAPI document and docs page', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let document: Document;

  before(async () => {
    api = await startTestApi(database);
    const response = await api.request('/openapi.json');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    document = (await response.json()) as Document;
  });
  after(async () => {
    await api.close();
  });

  it('should be a valid OpenAPI 3.1 document', async () => {
    assert.equal(document.openapi, '3.1.0');
    // The parser resolves references in place; keep the served document untouched for other tests.
    const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);
    assert.ok(result.valid, compileErrors(result));
    assert.equal(result.specification, 'OpenAPI');
  });

  it('should describe every route contract with its method and operationId', () => {
    for (const contract of CONTRACTS) {
      const operation = document.paths[contract.path]?.[contract.method];
      assert.ok(operation, `${contract.method.toUpperCase()} ${contract.path} is missing`);
      assert.equal(operation.operationId, contract.operationId);
    }
  });

  it('should describe no operation that is not a contract', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    assert.deepEqual(documented.sort(), CONTRACTS.map((contract) => `${contract.method} ${contract.path}`).sort());
  });

  it('should give each operation its success response, with a schema where the contract has one', () => {
    for (const contract of CONTRACTS) {
      const operation = document.paths[contract.path]![contract.method]!;
      const success = operation.responses[String(contract.response.status)];
      assert.ok(success, `${contract.operationId} lacks its ${contract.response.status} response`);
      if (contract.response.schema) {
        const contentType = contract.response.contentType ?? 'application/json';
        assert.ok(success.content?.[contentType]?.schema, `${contract.operationId} lacks a ${contentType} schema`);
      } else {
        assert.equal(success.content, undefined, `${contract.operationId} documents a body it does not send`);
      }
    }
  });

  it('should give each operation with a body a required JSON request body, each upload its file types, and no other', () => {
    for (const contract of CONTRACTS) {
      const operation = document.paths[contract.path]![contract.method]!;
      if (contract.body) {
        assert.equal(operation.requestBody?.required, true, contract.operationId);
        assert.ok(operation.requestBody?.content?.['application/json']?.schema, contract.operationId);
      } else if (contract.upload) {
        assert.equal(operation.requestBody?.required, true, contract.operationId);
        assert.deepEqual(Object.keys(operation.requestBody?.content ?? {}), [...contract.upload.contentTypes], contract.operationId);
      } else {
        assert.equal(operation.requestBody, undefined, contract.operationId);
      }
    }
  });

  it('should document 401, 403 and bearer security exactly on the routes that are not public', () => {
    for (const contract of CONTRACTS) {
      const operation = document.paths[contract.path]![contract.method]!;
      const isPublic = contract.access === 'public';
      assert.equal('401' in operation.responses, !isPublic, `${contract.operationId}: 401`);
      assert.equal('403' in operation.responses, !isPublic, `${contract.operationId}: 403`);
      assert.deepEqual(operation.security, isPublic ? [] : [{ bearer: [] }], `${contract.operationId}: security`);
    }
  });

  it('should list each path and query parameter of a contract', () => {
    for (const contract of CONTRACTS) {
      const operation = document.paths[contract.path]![contract.method]!;
      const expected = [
        ...Object.keys(contract.params?.shape ?? {}).map((name) => `path ${name}`),
        ...Object.keys(contract.query?.shape ?? {}).map((name) => `query ${name}`),
      ];
      assert.deepEqual((operation.parameters ?? []).map((parameter) => `${parameter.in} ${parameter.name}`), expected, contract.operationId);
      for (const parameter of operation.parameters ?? []) if (parameter.in === 'path') assert.equal(parameter.required, true);
    }
  });

  it('should resolve every $ref to a schema in components.schemas', () => {
    const refs = collectRefs(document);
    assert.ok(refs.length > 0, 'the document uses no $ref at all');
    for (const ref of new Set(refs)) {
      const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
      assert.ok(match, `${ref} does not point into components.schemas`);
      assert.ok(match[1]! in document.components.schemas, `${ref} has no component`);
    }
    assert.ok('Error' in document.components.schemas);
  });

  it('should serve /docs as HTML that loads the Swagger UI bundle and the start script', async () => {
    const response = await api.request('/docs');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<script src="\/docs\/assets\/swagger-ui-bundle\.js"><\/script>/);
    assert.match(html, /<script src="\/docs\/start\.js"><\/script>/);
    assert.match(html, /href="\/docs\/assets\/swagger-ui\.css"/);
  });

  it('should serve the scripts the docs page loads as JavaScript', async () => {
    for (const path of ['/docs/assets/swagger-ui-bundle.js', '/docs/start.js']) {
      const response = await api.request(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^(text|application)\/javascript/, path);
      assert.ok((await response.text()).length > 0, path);
    }
    const start = await (await api.request('/docs/start.js')).text();
    assert.match(start, /SwaggerUIBundle\(/);
    assert.match(start, /url: '\/openapi\.json'/);
    const css = await api.request('/docs/assets/swagger-ui.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    await css.body?.cancel();
  });
});

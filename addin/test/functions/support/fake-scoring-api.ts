import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelVersion, RegisteredModel } from '@scorebridge/shared';
import { answer, SERVED_MODEL } from './score-responses.ts';

/**
 * A Scorebridge API on loopback that answers the routes the functions use in their documented wire
 * format (shared/src/serving.ts, registry.ts), with one model, "Lead conversion", version 3 as its
 * champion. For tests of how the functions treat answers; the real backend has its own test.
 */

export const INPUT_FIELDS = ['Revenue', 'Industry'];

export const REGISTERED_MODEL: RegisteredModel = {
  id: '5a0c2b1e-3d4f-4a5b-9c6d-7e8f9a0b1c2d',
  name: SERVED_MODEL.name,
  description: null,
  crmObject: 'Lead',
  segment: null,
  target: { column: 'IsConverted', positive: ['true'], negative: ['false'] } as RegisteredModel['target'],
  gradeBands: [
    { grade: 'A', from: 0.75 },
    { grade: 'D', from: 0 },
  ],
  experimentId: null,
  retrainEveryDays: null,
  nextRetrainAt: null,
  aliases: { champion: 3 },
  latestVersion: 3,
  createdAt: '2026-11-01T09:00:00.000Z',
};

export const MODEL_VERSION: ModelVersion = {
  id: SERVED_MODEL.versionId,
  modelId: REGISTERED_MODEL.id,
  modelName: SERVED_MODEL.name,
  version: 3,
  source: 'trained',
  kind: 'gbdt',
  trainingRunId: null,
  datasetId: null,
  metrics: { rocAuc: 0.8123, logLoss: 0.41 },
  inputFields: INPUT_FIELDS,
  aliases: ['champion'],
  codeVersion: 'test',
  createdAt: '2026-11-20T10:31:12.000Z',
};

export interface FakeScoringApi {
  baseUrl: string;
  /** Method and path of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeScoringApi(): Promise<FakeScoringApi> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = decodeURIComponent(request.url ?? '');
      requests.push(`${request.method} ${path}`);
      const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.headers.authorization !== 'Bearer sbk_test') return json(401, { error: { code: 'unauthenticated', message: 'Missing credential', requestId: 'r' } });
      if (request.method === 'POST' && path === '/v1/score') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { model: string; records: Record<string, unknown>[]; reasons: number };
        if (!body.model.toLowerCase().startsWith('lead conversion')) return json(404, { error: { code: 'not_found', message: `Model "${body.model}" was not found`, requestId: 'r' } });
        return json(200, answer({ model: body.model, records: body.records, reasons: body.reasons }));
      }
      if (path === '/v1/models') return json(200, { items: [REGISTERED_MODEL] });
      if (path.toLowerCase() === '/v1/models/lead conversion') return json(200, REGISTERED_MODEL);
      if (path.toLowerCase() === '/v1/models/lead conversion/versions') return json(200, { items: [MODEL_VERSION] });
      return json(404, { error: { code: 'not_found', message: `No route ${path}`, requestId: 'r' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

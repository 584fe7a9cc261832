import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { SERVING_NODE_OPTIONS } from '../src/api/heap-tuning.ts';
import { parseConfig } from '../src/config.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { useTestDatabase } from './support/test-database.ts';

/**
 * compose.yaml and the Dockerfile cannot be run here (no Docker engine), so this checks what can
 * be checked without one: the wiring between the services, that their configuration is what the
 * server accepts, and that the health checks, run as the container would run them, answer right.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_SCRIPT = 'backend/bin/scorebridge.ts';
/** node started as for serving the API (decision 0032), then the CLI. */
const ENTRYPOINT = ['node', ...SERVING_NODE_OPTIONS, CLI_SCRIPT];

const stringList = z.union([z.string(), z.array(z.string())]);

const healthcheckSchema = z.object({ test: stringList.optional(), disable: z.boolean().optional() });

const portSchema = z.union([
  z.string(),
  z.number(),
  z.object({ target: z.coerce.number(), published: z.coerce.string().optional(), host_ip: z.string().optional() }),
]);

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.union([z.string(), z.object({ context: z.string().default('.'), dockerfile: z.string().default('Dockerfile') })]).optional(),
  command: stringList.optional(),
  environment: z.union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), z.array(z.string())]).optional(),
  ports: z.array(portSchema).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }))]).optional(),
  healthcheck: healthcheckSchema.optional(),
});

type Service = z.infer<typeof serviceSchema>;

const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });

// Compose reads YAML merge keys (`<<: *anchor`); the yaml package resolves them only when asked.
const compose = composeSchema.parse(parse(readFileSync(path.join(REPO_ROOT, 'compose.yaml'), 'utf8'), { merge: true }));

function service(name: string): Service {
  const found = compose.services[name];
  assert.ok(found, `compose.yaml has no service ${name}`);
  return found;
}

/** The environment as the container sees it: every value a string. */
function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => [entry.split('=')[0] ?? '', entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(environment).flatMap(([key, value]) => (value === null ? [] : [[key, String(value)]])));
}

interface PublishedPort {
  hostIp: string | undefined;
  published: string | undefined;
  target: number;
}

/** Short (`[ip:]published:target[/protocol]`) and long port syntax, in one shape. */
function portsOf(name: string): PublishedPort[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') return { hostIp: port.host_ip, published: port.published, target: port.target };
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    const target = Number(parts.pop());
    const published = parts.pop();
    return { hostIp: parts.length > 0 ? parts.join(':') : undefined, published, target };
  });
}

/** The command of an exec-form (`CMD`) health check, without the `CMD`. */
function healthcheckCommand(name: string): string[] {
  const test = service(name).healthcheck?.test;
  assert.ok(Array.isArray(test) && test[0] === 'CMD', `${name} should have an exec-form health check ([CMD, ...]); got ${JSON.stringify(test)}`);
  return test.slice(1);
}

interface DockerfileInstruction {
  keyword: string;
  args: string;
}

/** Instructions of the Dockerfile's final (runtime) stage, continuation lines joined. */
function runtimeStageInstructions(): DockerfileInstruction[] {
  const text = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const instructions = lines.map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    return { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '' };
  });
  const lastFrom = instructions.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  assert.ok(lastFrom >= 0, 'the Dockerfile has no FROM');
  return instructions.slice(lastFrom);
}

function instruction(keyword: string): DockerfileInstruction {
  const found = runtimeStageInstructions().findLast((candidate) => candidate.keyword === keyword);
  assert.ok(found, `the Dockerfile's runtime stage has no ${keyword}`);
  return found;
}

/** The exec-form command of the runtime stage's HEALTHCHECK. */
function dockerfileHealthcheck(): string[] {
  const match = /\bCMD\s+(\[.*\])\s*$/.exec(instruction('HEALTHCHECK').args);
  assert.ok(match?.[1], 'the HEALTHCHECK should use the exec form: CMD ["node", ...]');
  return z.array(z.string()).parse(JSON.parse(match[1]));
}

/** Runs a health check command as Docker would: exit code 0 is healthy. */
async function runHealthcheck(command: string[], env: Record<string, string>): Promise<number> {
  assert.equal(command[0], 'node', `the health check should run node, which the image has; got ${command[0]}`);
  try {
    await promisify(execFile)(process.execPath, command.slice(1), { env: { ...process.env, ...env }, timeout: 10_000 });
    return 0;
  } catch (error) {
    return typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1;
  }
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address);
  return address.port;
}

describe('compose.yaml', () => {
  it('should define postgres, api, worker and mailcatcher', () => {
    for (const name of ['postgres', 'api', 'worker', 'mailcatcher']) assert.ok(compose.services[name], `missing service ${name}`);
  });

  it('should run the API with serve and the worker with worker', () => {
    assert.deepEqual(service('api').command, ['serve']);
    assert.deepEqual(service('worker').command, ['worker']);
  });

  it('should publish the API on port 8080', () => {
    assert.ok(
      portsOf('api').some((port) => port.target === 8080 && port.published === '8080'),
      `api ports: ${JSON.stringify(service('api').ports)}`,
    );
  });

  it('should publish PostgreSQL and the mail catcher on 127.0.0.1 only', () => {
    for (const name of ['postgres', 'mailcatcher']) {
      const ports = portsOf(name);
      assert.ok(ports.length > 0, `${name} publishes no port`);
      for (const port of ports) assert.equal(port.hostIp, '127.0.0.1', `${name} publishes ${port.target} beyond loopback`);
    }
    assert.deepEqual(portsOf('mailcatcher').map((port) => port.target).sort(), [1025, 8025]);
  });

  it('should check PostgreSQL with pg_isready', () => {
    assert.equal(healthcheckCommand('postgres')[0], 'pg_isready');
  });

  it('should check the mail catcher with mailpit readyz', () => {
    assert.deepEqual(healthcheckCommand('mailcatcher'), ['/mailpit', 'readyz']);
  });

  it('should start the API and the worker only once PostgreSQL is healthy', () => {
    for (const name of ['api', 'worker']) {
      const dependsOn = service(name).depends_on;
      assert.ok(dependsOn && !Array.isArray(dependsOn), `${name} should use the long depends_on syntax with a condition`);
      assert.equal(dependsOn.postgres?.condition, 'service_healthy', `${name} should wait for postgres to be healthy`);
    }
  });

  it('should point DATABASE_URL of the API and the worker at the postgres service and its credentials', () => {
    const postgres = environmentOf('postgres');
    for (const name of ['api', 'worker']) {
      const url = new URL(environmentOf(name).DATABASE_URL ?? 'missing:');
      assert.equal(url.hostname, 'postgres', `${name} DATABASE_URL host`);
      assert.equal(url.port || '5432', '5432', `${name} DATABASE_URL port`);
      assert.equal(decodeURIComponent(url.username), postgres.POSTGRES_USER, `${name} DATABASE_URL user`);
      assert.equal(decodeURIComponent(url.password), postgres.POSTGRES_PASSWORD, `${name} DATABASE_URL password`);
      assert.equal(url.pathname, `/${postgres.POSTGRES_DB}`, `${name} DATABASE_URL database`);
    }
  });

  it('should set only environment variables that the server reads, with values it accepts', () => {
    for (const name of ['api', 'worker']) {
      const environment = environmentOf(name);
      // parseConfig throws naming any bad value; its result keeps only the variables config.ts
      // declares, so a name missing from it is one the server never reads.
      const config: Record<string, unknown> = parseConfig(environment);
      for (const key of Object.keys(environment)) assert.ok(key in config, `${name} sets ${key}, which config.ts does not read`);
    }
  });

  it('should build every service that builds from the repository Dockerfile', () => {
    const building = Object.entries(compose.services).filter(([, definition]) => definition.build !== undefined);
    assert.deepEqual(building.map(([name]) => name).sort(), ['api', 'worker']);
    for (const [name, { build }] of building) {
      const { context, dockerfile } = typeof build === 'string' ? { context: build, dockerfile: 'Dockerfile' } : build!;
      assert.equal(path.resolve(REPO_ROOT, context), path.resolve(REPO_ROOT), `${name} build context`);
      assert.equal(path.resolve(REPO_ROOT, context, dockerfile), path.join(REPO_ROOT, 'Dockerfile'), `${name} Dockerfile`);
    }
    assert.equal(service('api').image, service('worker').image, 'api and worker should run the same image');
  });

  it("should not give the worker the image's HTTP health check, which it cannot pass", () => {
    const healthcheck = service('worker').healthcheck;
    assert.ok(healthcheck, 'without its own healthcheck entry the worker inherits the image HEALTHCHECK on /health');
    if (healthcheck.disable !== true) assert.doesNotMatch(JSON.stringify(healthcheck.test), /https?:\/\//);
  });

  describe('health checks against a running API', () => {
    const database = useTestDatabase();
    let api: TestApi;

    before(async () => {
      api = await startTestApi(database);
    });
    after(async () => {
      await api.close();
    });

    it('should report the API healthy on /ready with its compose health check', async () => {
      const command = healthcheckCommand('api');
      assert.match(command.join(' '), /\/ready\b/);
      assert.equal(await runHealthcheck(command, { PORT: new URL(api.baseUrl).port }), 0);
    });

    it('should report the API unhealthy with its compose health check when nothing listens', async () => {
      assert.notEqual(await runHealthcheck(healthcheckCommand('api'), { PORT: String(await closedPort()) }), 0);
    });

    it('should report the API healthy with the Dockerfile HEALTHCHECK', async () => {
      assert.equal(await runHealthcheck(dockerfileHealthcheck(), { PORT: new URL(api.baseUrl).port }), 0);
    });

    it('should report the API unhealthy with the Dockerfile HEALTHCHECK when nothing listens', async () => {
      assert.notEqual(await runHealthcheck(dockerfileHealthcheck(), { PORT: String(await closedPort()) }), 0);
    });
  });
});

describe('Dockerfile', () => {
  it('should build its runtime stage on the node 22 bookworm-slim image', () => {
    assert.match(instruction('FROM').args, /^node:22-bookworm-slim\b/);
  });

  it('should run as an unprivileged user', () => {
    const user = instruction('USER').args.split(':')[0];
    assert.ok(user && user !== 'root' && user !== '0', `USER is ${user}`);
  });

  it('should start the scorebridge CLI and serve by default', () => {
    assert.deepEqual(JSON.parse(instruction('ENTRYPOINT').args), ENTRYPOINT);
    assert.deepEqual(JSON.parse(instruction('CMD').args), ['serve']);
    assert.ok(existsSync(path.join(REPO_ROOT, CLI_SCRIPT)), `${CLI_SCRIPT} does not exist`);
  });

  it('should have a HEALTHCHECK on /health', () => {
    assert.match(dockerfileHealthcheck().join(' '), /\/health\b/);
  });

  it('should set configuration the server accepts', () => {
    const environment: Record<string, string> = {};
    for (const { args } of runtimeStageInstructions().filter((candidate) => candidate.keyword === 'ENV')) {
      for (const match of args.matchAll(/(\w+)=(\S*)/g)) environment[match[1]!] = match[2]!;
    }
    // Set by a build argument and read by the version endpoint, not by config.ts.
    delete environment.SCOREBRIDGE_COMMIT;
    const config = parseConfig(environment);
    assert.equal(config.NODE_ENV, 'production');
    assert.equal(config.HOST, '0.0.0.0');
    assert.equal(config.PORT, 8080);
  });

  it('should copy only sources that exist', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const sources = [...text.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const source of sources) assert.ok(existsSync(path.join(REPO_ROOT, source)), `COPY ${source}: no such file in the repository`);
  });
});

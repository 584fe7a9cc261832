import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Everything Scorebridge reads from its environment, parsed once at start. A bad value stops the
 * process with the variable's name and what is wrong, before anything else happens.
 */

const jwtProviderSchema = z.object({
  issuer: z.string().min(1),
  jwksUrl: z.url(),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
});

/** A comma-separated list; `fallback` when the variable is unset. */
const commaList = (fallback: readonly string[] = []) =>
  z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? [...fallback]
        : value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0),
    );

const jsonText = <T extends z.ZodType>(schema: T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PUBLIC_URL: z.url().optional(),
  /** The development HTTPS listener serving the Excel add-in and the API (addin-hosting/); default 8443 in development, off otherwise; 0 turns it off. */
  ADDIN_HTTPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATABASE_URL: z
    .url()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SCOREBRIDGE_DATA_DIR: z.string().min(1).default('.scorebridge'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  CORS_ORIGINS: commaList(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024 * 1024),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(3000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  AUTH_JWT_PROVIDERS: jsonText(z.array(jwtProviderSchema), '[]'),
  SCOREBRIDGE_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  /** Hosts a Salesforce login URL may point at; `*.` matches any subdomain. */
  SALESFORCE_LOGIN_HOSTS: commaList(['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com', '*.force.com']),
  SALESFORCE_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  SALESFORCE_API_VERSION: z.string().regex(/^\d{2,3}\.0$/, 'must look like 62.0').default('62.0'),
  /** `scorebridge start` runs a Salesforce stand-in with demo data, connected to the demo workspace. */
  DEMO_SALESFORCE: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
  /** Heartbeat of long jobs (syncs, training): a dead worker's job is retried after this plus the monitor interval. */
  JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  /** How often pg-boss fails jobs whose heartbeat stopped or whose time ran out. */
  JOB_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Memory bound of the model versions a process keeps loaded for scoring (estimated; see serving/README.md). */
  /** `POST /v1/score` answered by its own short path rather than express's middleware chain (api/score-fast-path.ts). */
  SCORE_FAST_PATH: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  SERVING_CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(512 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;
export type JwtProvider = z.infer<typeof jwtProviderSchema>;

/** Raised when the environment is wrong; its message is meant for the operator as is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRET_VARIABLES = new Set(['DATABASE_URL', 'SCOREBRIDGE_ENCRYPTION_KEY']);

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    const raw = env[name];
    const shown = raw === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(raw)})`;
    return `  ${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/**
 * Reads `.env` from the working directory when there is one. Variables already set in the
 * environment win, so a deployment can always override the file.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const envFile = path.join(cwd, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(env);
}

/** The configuration as it may be logged: secrets replaced by a marker. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    DATABASE_URL: config.DATABASE_URL === undefined ? undefined : redactUrl(config.DATABASE_URL),
    SCOREBRIDGE_ENCRYPTION_KEY: config.SCOREBRIDGE_ENCRYPTION_KEY === undefined ? undefined : '***',
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}

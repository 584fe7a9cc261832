import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Keys whose values may be secrets, in any object of a log line at any depth (case ignored):
 * credentials in headers, passwords, tokens, keys, and the database URL with its password.
 */
const SECRET_KEYS = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'secret', 'token', 'accessToken', 'refreshToken', 'privateKey', 'DATABASE_URL'];
const SECRET_KEY_SET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));
/** A JSON key among SECRET_KEYS (`"password":`, as JSON.stringify writes a key), in any case. */
const MAY_HOLD_SECRET = new RegExp(`"(?:${SECRET_KEYS.join('|')})":`, 'i');
export const REDACTED = '[redacted]';

/**
 * A log line as pino made it, with the value of every secret key replaced by `[redacted]`, so
 * that a credential cannot reach the logs even when a whole request or config object is logged by
 * mistake. Most lines hold no such key and pass after one scan; a line that may is parsed and
 * written again. pino's own `redact` option did this by paths, cloning each line's objects first
 * (decision 0028).
 */
export function redactSecrets(line: string): string {
  if (!MAY_HOLD_SECRET.test(line)) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // pino always writes JSON; should a line not be, it is withheld rather than written unchecked.
    return `${JSON.stringify({ level: 50, time: Date.now(), msg: 'a log line was withheld: it could not be checked for secrets' })}\n`;
  }
  return `${JSON.stringify(withoutSecrets(parsed))}\n`;
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = SECRET_KEY_SET.has(key.toLowerCase()) ? REDACTED : withoutSecrets(inner);
  return copy;
}

export interface LoggerOptions {
  level: Config['LOG_LEVEL'];
  format: Config['LOG_FORMAT'];
  /** Where lines go; defaults to standard output. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** JSON lines for machines; colourful, readable lines when a person watches a terminal. */
export function createLogger({ level, format, destination }: LoggerOptions): Logger {
  const options = { level, base: { service: 'scorebridge' }, hooks: { streamWrite: redactSecrets } };
  const humanReadable = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY);
  if (humanReadable) {
    return pino(options, pretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l', destination: 1, sync: true }));
  }
  return destination ? pino(options, destination) : pino(options);
}

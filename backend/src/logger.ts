import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Paths that may carry secrets. pino replaces them before a line is written, so a credential
 * cannot reach the logs even when a whole request or config object is logged by mistake.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.privateKey',
  'DATABASE_URL',
];

export interface LoggerOptions {
  level: Config['LOG_LEVEL'];
  format: Config['LOG_FORMAT'];
  /** Where lines go; defaults to standard output. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** JSON lines for machines; colourful, readable lines when a person watches a terminal. */
export function createLogger({ level, format, destination }: LoggerOptions): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'scorebridge' } };
  const humanReadable = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY);
  if (humanReadable) {
    return pino(options, pretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l', destination: 1, sync: true }));
  }
  return destination ? pino(options, destination) : pino(options);
}

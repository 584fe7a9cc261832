import type { Config } from '../config.ts';

export const DEFAULT_ADDIN_HTTPS_PORT = 8443;

/** The port of the development HTTPS listener, or null when there is none: on by default in development only, 0 turns it off. */
export function addinHttpsPort(config: Pick<Config, 'ADDIN_HTTPS_PORT' | 'NODE_ENV'>): number | null {
  const port = config.ADDIN_HTTPS_PORT ?? (config.NODE_ENV === 'development' ? DEFAULT_ADDIN_HTTPS_PORT : 0);
  return port === 0 ? null : port;
}

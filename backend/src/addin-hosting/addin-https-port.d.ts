import type { Config } from '../config.ts';
export declare const DEFAULT_ADDIN_HTTPS_PORT = 8443;
/** The port of the development HTTPS listener, or null when there is none: on by default in development only, 0 turns it off. */
export declare function addinHttpsPort(config: Pick<Config, 'ADDIN_HTTPS_PORT' | 'NODE_ENV'>): number | null;

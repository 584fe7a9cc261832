import type { Express } from 'express';
import type { Logger } from '../logger.ts';
/**
 * The development HTTPS listener: the same express app (API and add-in) on https://localhost:<port>,
 * with the certificate from the data directory. The add-in's pages and the API it calls then share
 * one origin, which Office requires to be HTTPS.
 */
export interface AddinHttpsServer {
    origin: string;
    /** The task pane page, the one to open once in a browser to check the certificate is trusted. */
    url: string;
    port: number;
    certificatePath: string;
    certificateCreated: boolean;
    close(timeoutMs: number): Promise<void>;
}
export declare function startAddinHttpsServer({ app, host, port, dataDir, logger }: {
    app: Express;
    host: string;
    port: number;
    dataDir: string;
    logger: Logger;
}): Promise<AddinHttpsServer>;

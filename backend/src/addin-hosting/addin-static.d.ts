import { type Router } from 'express';
/**
 * The Excel add-in's files (addin/dist, written by `npm run build:addin`) under /addin/. Office
 * shows them in its own frames, so these pages get their own headers instead of the API's helmet
 * defaults: no X-Frame-Options, a frame-ancestors list of Office's web hosts, and scripts from this
 * origin and Microsoft's office.js CDN only.
 */
export declare const ADDIN_PATH = "/addin";
export declare const DEFAULT_ADDIN_DIST: string;
export declare const ADDIN_CONTENT_SECURITY_POLICY: string;
export declare function serveAddin({ directory }?: {
    directory?: string;
}): Router;

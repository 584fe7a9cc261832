import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';

/**
 * The Excel add-in's files (addin/dist, written by `npm run build:addin`) under /addin/. Office
 * shows them in its own frames, so these pages get their own headers instead of the API's helmet
 * defaults: no X-Frame-Options, a frame-ancestors list of Office's web hosts, and scripts from this
 * origin and Microsoft's office.js CDN only.
 */

export const ADDIN_PATH = '/addin';
export const DEFAULT_ADDIN_DIST = fileURLToPath(new URL('../../../addin/dist/', import.meta.url));

/** Where Excel on the web frames add-ins from. */
const OFFICE_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.sharepoint.com',
  'https://*.live.com',
];

export const ADDIN_CONTENT_SECURITY_POLICY = [
  "script-src 'self' https://appsforoffice.microsoft.com",
  "object-src 'none'",
  "base-uri 'self'",
  `frame-ancestors 'self' ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', ADDIN_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

export function serveAddin({ directory = DEFAULT_ADDIN_DIST }: { directory?: string } = {}): Router {
  const router = express.Router();
  router.use(securityHeaders);
  // Revalidated on every load (ETag), so a rebuilt add-in shows at the next open of the pane.
  router.use(express.static(directory, { index: 'taskpane.html', dotfiles: 'ignore', cacheControl: true, maxAge: 0 }));
  router.use((_req, res) => {
    const built = existsSync(path.join(directory, 'functions.json'));
    res
      .status(404)
      .type('text/plain')
      .send(built ? 'Not found: this is not a file of the Scorebridge add-in.\n' : 'The Excel add-in is not built: run `npm run build:addin` (npm start does it), then reload.\n');
  });
  return router;
}

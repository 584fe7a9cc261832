import { createRequire } from 'node:module';
import path from 'node:path';
import { systemRoutes } from '@scorebridge/shared';
import express from 'express';
import { bindRoute, type RouteSurface } from './bind-route.ts';

const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// The page loads only scripts from this server, so the default Content-Security-Policy holds.
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Scorebridge API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

const DOCS_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: false });\n`;

/** `/openapi.json` and a browsable page at `/docs` (Swagger UI, served from the installed package). */
export function registerDocsRoutes(surface: RouteSurface, document: () => unknown): void {
  let cached: unknown;
  bindRoute(surface, systemRoutes.openApi, () => (cached ??= document()) as Record<string, unknown>);
  bindRoute(surface, systemRoutes.docs, () => DOCS_PAGE);
  surface.router.get('/docs/start.js', (_req, res) => {
    res.type('text/javascript').send(DOCS_SCRIPT);
  });
  surface.router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' }));
}

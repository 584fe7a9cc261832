import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { iconPng } from './icon-png.ts';

/**
 * `npm run build:addin [-- --out <dir>] [-- --minify]`: the add-in as the backend serves it under
 * /addin/ (addin/dist by default):
 *
 *   functions.js    the SCOREBRIDGE.* functions (esbuild, one IIFE bundle)
 *   functions.json  their metadata, from the JSDoc by custom-functions-metadata; the build fails when
 *                   it reports an error or writes nothing (it exits 0 either way on its own)
 *   taskpane.js     the task pane, when src/taskpane/main.ts exists
 *   taskpane.html   the shared runtime's page: office.js, then the functions, then the pane
 *   assets/         icons in the sizes the manifests name
 */

const ADDIN_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = path.join(ADDIN_DIR, 'dist');
const FUNCTIONS_SOURCE = path.join(ADDIN_DIR, 'src/functions/functions.ts');
const TASKPANE_SOURCE = path.join(ADDIN_DIR, 'src/taskpane/main.ts');
/** Office requires add-ins to load office.js from Microsoft's CDN. */
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const ICON_SIZES = Object.freeze([16, 32, 64, 80]);

export class AddinBuildError extends Error {
  override name = 'AddinBuildError';
}

function sharedRuntimePage(withTaskpane: boolean): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Scorebridge</title>
    <script src="${OFFICE_JS_URL}"></script>
    <script src="functions.js"></script>
${withTaskpane ? '    <script src="taskpane.js" defer></script>\n' : ''}  </head>
  <body>${withTaskpane ? '' : '\n    <p>The Scorebridge functions are loaded. The task pane is not part of this build.</p>\n  '}</body>
</html>
`;
}

async function writeFunctionsMetadata(outDir: string): Promise<void> {
  const target = path.join(outDir, 'functions.json');
  const result = await generateCustomFunctionsMetadata(FUNCTIONS_SOURCE);
  if (result.errors.length > 0) throw new AddinBuildError(`custom-functions-metadata reported errors in ${FUNCTIONS_SOURCE}:\n  ${result.errors.join('\n  ')}`);
  if (!result.metadataJson) throw new AddinBuildError(`custom-functions-metadata found no @customfunction in ${FUNCTIONS_SOURCE}`);
  writeFileSync(target, result.metadataJson);
  if (!existsSync(target)) throw new AddinBuildError(`custom-functions-metadata wrote no ${target}`);
}

export interface BuildResult {
  outDir: string;
  files: string[];
  milliseconds: number;
}

export async function buildAddin({ outDir = DEFAULT_OUT_DIR, minify = false }: { outDir?: string; minify?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const withTaskpane = existsSync(TASKPANE_SOURCE);
  const [bundled] = await Promise.all([
    build({
      entryPoints: { functions: FUNCTIONS_SOURCE, ...(withTaskpane ? { taskpane: TASKPANE_SOURCE } : {}) },
      outdir: outDir,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      // Excel's runtimes: Edge WebView2 on Windows, WKWebView on the Mac, current browsers on the web.
      target: ['es2022', 'chrome110', 'safari16'],
      minify,
      sourcemap: minify ? false : 'linked',
      logLevel: 'silent',
      metafile: true,
    }),
    writeFunctionsMetadata(outDir),
  ]);
  writeFileSync(path.join(outDir, 'taskpane.html'), sharedRuntimePage(withTaskpane));
  for (const size of ICON_SIZES) writeFileSync(path.join(outDir, 'assets', `icon-${size}.png`), iconPng(size));
  // The output is generated: it keeps itself out of git.
  writeFileSync(path.join(outDir, '.gitignore'), '*\n');
  const files = [...Object.keys(bundled.metafile.outputs).map((file) => path.relative(outDir, path.resolve(file))), 'functions.json', 'taskpane.html', ...ICON_SIZES.map((size) => `assets/icon-${size}.png`)];
  return { outDir, files, milliseconds: performance.now() - started };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, minify: { type: 'boolean', default: false } } });
  try {
    const result = await buildAddin({ outDir: values.out ? path.resolve(values.out) : undefined, minify: values.minify });
    process.stdout.write(`Add-in built in ${(result.milliseconds / 1000).toFixed(1)} s into ${path.relative(process.cwd(), result.outDir) || '.'}: ${result.files.length} files\n`);
  } catch (error) {
    console.error(error instanceof AddinBuildError ? error.message : error);
    process.exitCode = 1;
  }
}

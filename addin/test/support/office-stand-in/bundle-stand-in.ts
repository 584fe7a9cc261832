import { build } from 'esbuild';

/** The stand-in Office host as one classic script, to serve in place of office.js. */
export async function bundleOfficeStandIn(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./office-host.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

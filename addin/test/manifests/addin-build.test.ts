import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAddin, OFFICE_JS_URL } from '../../scripts/build.ts';
import { devTarget, renderXmlManifest } from '../../scripts/manifest-targets.ts';
import { descendants, parseXml } from './xml-tree.ts';

describe('the add-in build', function () {
  this.timeout(30_000);
  let outDir: string;
  before(() => {
    outDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'scorebridge-addin-')), 'dist');
  });
  after(() => rmSync(path.dirname(outDir), { recursive: true, force: true }));

  it('should write, in a few seconds at most, every file the manifests name, with the functions metadata and the shared runtime page', async () => {
    const result = await buildAddin({ outDir });
    assert.ok(result.milliseconds < 5000, `the build took ${result.milliseconds} ms`);
    const origin = devTarget().origin;
    const named = descendants(parseXml(renderXmlManifest(devTarget())))
      .flatMap((element) => Object.values(element.attributes))
      .filter((value) => value.startsWith(`${origin}/addin/`))
      .map((url) => url.slice(`${origin}/addin/`.length));
    assert.ok(named.includes('functions.js') && named.includes('functions.json') && named.includes('taskpane.html'));
    for (const file of new Set(named)) assert.ok(existsSync(path.join(outDir, file)), `the manifest names ${file}, which the build did not write`);

    const metadata = JSON.parse(readFileSync(path.join(outDir, 'functions.json'), 'utf8')) as { functions: { id: string }[] };
    assert.deepEqual(metadata.functions.map((entry) => entry.id), ['SCORE', 'GRADE', 'EXPLAIN', 'MODELINFO']);
    const page = readFileSync(path.join(outDir, 'taskpane.html'), 'utf8');
    assert.ok(page.indexOf(OFFICE_JS_URL) < page.indexOf('functions.js'), 'office.js loads before the functions associate themselves');
    assert.match(readFileSync(path.join(outDir, 'functions.js'), 'utf8'), /associate\("SCORE"/);
    assert.equal(readFileSync(path.join(outDir, '.gitignore'), 'utf8'), '*\n');
  });
});

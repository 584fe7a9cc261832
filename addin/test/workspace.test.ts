import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

describe('the add-in workspace', () => {
  it('should depend on the shared contracts package by workspace, not by copy', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };
    assert.equal(manifest.name, '@scorebridge/addin');
  });
});

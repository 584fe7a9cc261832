import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVING_NODE_OPTIONS } from './heap-tuning.ts';

const HEAP_TUNING = fileURLToPath(new URL('./heap-tuning.ts', import.meta.url));
const REPOSITORY = new URL('../../../', import.meta.url);

/** What missingServingNodeOptions() says in a node started with `options`. */
function missingIn(options: readonly string[]): string[] {
  const script = `import(${JSON.stringify(HEAP_TUNING)}).then((module) => console.log(JSON.stringify(module.missingServingNodeOptions())))`;
  return JSON.parse(execFileSync(process.execPath, [...options, '-e', script], { encoding: 'utf8' })) as string[];
}

describe('node options of a process that serves the API', () => {
  it('should name the options node was not started with', () => {
    assert.deepEqual(missingIn([]), ['--no-memory-reducer']);
    assert.deepEqual(missingIn(SERVING_NODE_OPTIONS), []);
  });

  it('should be passed by npm start and npm run scorebridge (the Dockerfile: compose.test.ts)', () => {
    const scripts = (JSON.parse(readFileSync(new URL('package.json', REPOSITORY), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const script of ['start', 'scorebridge']) {
      const command = scripts[script]!.split('&&').at(-1)!.trim();
      assert.match(command, /^node .*backend\/bin\/scorebridge\.ts/, `npm ${script} runs the CLI`);
      for (const option of SERVING_NODE_OPTIONS) assert.ok(command.split(' ').includes(option), `npm ${script} passes ${option}`);
    }
  });
});

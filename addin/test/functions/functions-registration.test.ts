import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { associations, invocation } from './support/custom-functions-runtime.ts';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { EXPLAIN, GRADE, MODELINFO, SCORE, useFunctionsLibrary } from '../../src/functions/functions.ts';
import type { ScorebridgeFunctions } from '../../src/functions/scorebridge-functions.ts';

const FUNCTIONS_SOURCE = fileURLToPath(new URL('../../src/functions/functions.ts', import.meta.url));

describe('the SCOREBRIDGE.* function wrappers', () => {
  afterEach(() => useFunctionsLibrary(undefined));

  it('should describe each function in JSDoc that custom-functions-metadata reads without an error, and associate every id it lists', async () => {
    const generated = await generateCustomFunctionsMetadata(FUNCTIONS_SOURCE);
    assert.deepEqual(generated.errors, []);
    const metadata = JSON.parse(generated.metadataJson) as { functions: { id: string; parameters: { name: string; optional?: boolean; dimensionality?: string }[]; options?: Record<string, boolean>; result: { dimensionality: string } }[] };
    assert.deepEqual(metadata.functions.map((entry) => entry.id), ['SCORE', 'GRADE', 'EXPLAIN', 'MODELINFO']);
    assert.deepEqual([...associations.keys()].sort(), ['EXPLAIN', 'GRADE', 'MODELINFO', 'SCORE']);
    const score = metadata.functions[0]!;
    assert.deepEqual(score.parameters.map((parameter) => [parameter.name, parameter.optional === true, parameter.dimensionality ?? 'scalar']), [
      ['record', false, 'matrix'],
      ['headers', true, 'matrix'],
      ['model', true, 'scalar'],
    ]);
    assert.deepEqual(score.options, { cancelable: true, requiresParameterAddresses: true });
    assert.ok(metadata.functions.every((entry) => entry.result.dimensionality === 'matrix'), 'every function can spill');
  });

  it('should pass the arguments Excel gives straight to the library', async () => {
    const seen: unknown[][] = [];
    const library: ScorebridgeFunctions = {
      score: async (...args) => (seen.push(['score', ...args]), [[0.5]]),
      grade: async (...args) => (seen.push(['grade', ...args]), [['B']]),
      explain: async (...args) => (seen.push(['explain', ...args]), [['Rating is Hot (+9)']]),
      modelInfo: async (...args) => (seen.push(['modelInfo', ...args]), [['Model', 'Lead conversion']]),
    };
    useFunctionsLibrary(library);
    const call = invocation(['Leads!A2:C2']);
    assert.deepEqual(await SCORE([[1, 2, 3]], undefined, 'Lead conversion', call), [[0.5]]);
    assert.deepEqual(await GRADE([[1]], [['Rating']], undefined, call), [['B']]);
    assert.deepEqual(await EXPLAIN([[1]], [['Rating']], 'Lead conversion@2', 1, call), [['Rating is Hot (+9)']]);
    assert.deepEqual(await MODELINFO(), [['Model', 'Lead conversion']]);
    assert.deepEqual(seen, [
      ['score', [[1, 2, 3]], undefined, 'Lead conversion', call],
      ['grade', [[1]], [['Rating']], undefined, call],
      ['explain', [[1]], [['Rating']], 'Lead conversion@2', 1, call],
      ['modelInfo', undefined],
    ]);
  });
});

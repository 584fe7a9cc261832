import assert from 'node:assert/strict';
import { binMatrix } from './binned-matrix.ts';
import { parseGbdtParams } from './gbdt-params.ts';
import { histogramLayout } from './histogram.ts';
import { createHistogramWorkspace, type HistogramWorkspace } from './histogram-workspace.ts';
import { labeledRows } from './labeled-rows.ts';
import { SeededRandom } from './seeded-random.ts';
import { plantedData } from './test-support/planted-data.ts';

describe('histogram workspace', () => {
  const { matrix } = plantedData(4_000, 5);
  const binned = binMatrix(matrix, labeledRows(matrix, 'training').rows, parseGbdtParams({}), new SeededRandom(0));
  const layout = histogramLayout(binned);

  /** Both workspaces with the same rows (a scattered, ascending subset) and gradients. */
  function workspaces(): [HistogramWorkspace, HistogramWorkspace, number] {
    const fast = createHistogramWorkspace(binned, layout, 2);
    const plain = createHistogramWorkspace(binned, layout, 2, { webAssembly: false });
    const random = new SeededRandom(9);
    let count = 0;
    for (let row = 0; row < binned.rowCount; row++) {
      if (random.next() < 0.3) {
        fast.rows[count] = row;
        plain.rows[count++] = row;
      }
    }
    for (let index = 0; index < 2 * binned.rowCount; index++) {
      const value = random.next() - 0.5;
      fast.gradients[index] = value;
      plain.gradients[index] = value;
    }
    return [fast, plain, count];
  }

  it('should build histograms in WebAssembly in this runtime', () => {
    assert.equal(createHistogramWorkspace(binned, layout, 1).builder, 'webassembly');
    assert.equal(createHistogramWorkspace(binned, layout, 1, { webAssembly: false }).builder, 'javascript');
  });

  it('should give the JavaScript builder\'s sums to the last bit, over all features and over a sample', () => {
    const [fast, plain, count] = workspaces();
    const all = Int32Array.from(binned.features, (_, index) => index);
    for (const features of [all, Int32Array.from([1, 4, 6])]) {
      for (const [begin, end] of [[0, count], [17, 18], [100, count - 3]] as const) {
        const fromWebAssembly = fast.histogram(0).fill(Number.NaN);
        const fromJavaScript = plain.histogram(0).fill(Number.NaN);
        fast.build(fromWebAssembly, features, begin, end);
        plain.build(fromJavaScript, features, begin, end);
        assert.deepEqual(fromWebAssembly, fromJavaScript, `features ${features.join(',')}, rows ${begin}..${end}`);
      }
    }
  });

  it('should hand out the same storage for a histogram index, distinct for others, and refuse one beyond its capacity', () => {
    for (const workspace of workspaces().slice(0, 2) as HistogramWorkspace[]) {
      assert.equal(workspace.histogram(1), workspace.histogram(1));
      workspace.histogram(0).fill(1);
      workspace.histogram(1).fill(2);
      assert.ok(workspace.histogram(0).every((value) => value === 1));
      assert.throws(() => workspace.histogram(2), /outside/);
    }
  });
});

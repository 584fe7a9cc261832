import assert from 'node:assert/strict';
import { InvalidDataError } from '../../invalid-data-error.ts';
import { columnIndexOfReference, columnLetters } from './cell-references.ts';

describe('cell references', () => {
  it('should turn references into zero-based columns and back', () => {
    for (const [reference, index] of [['A1', 0], ['Z9', 25], ['AA10', 26], ['AB2', 27], ['XFD1048576', 16_383]] as const) {
      assert.equal(columnIndexOfReference(reference), index);
      assert.equal(columnLetters(index), reference.replace(/\d+$/, ''));
    }
  });

  it('should reject references without letters or beyond Excel\'s last column', () => {
    assert.throws(() => columnIndexOfReference('12'), InvalidDataError);
    assert.throws(() => columnIndexOfReference('XFE1'), InvalidDataError);
  });
});

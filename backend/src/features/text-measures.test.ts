import assert from 'node:assert/strict';
import { codePointLength, isWhitespace, wordCount } from './text-measures.ts';

describe('text measures', () => {
  it('should count code points, so an emoji or a CJK character is one', () => {
    assert.equal(codePointLength('abc'), 3);
    assert.equal(codePointLength('👍 ok'), 4);
    assert.equal(codePointLength('日本'), 2);
    assert.equal(codePointLength('\ud800x'), 2, 'a lone surrogate counts as one');
  });

  it('should count runs of non-whitespace as words', () => {
    assert.equal(wordCount('Call me back tomorrow'), 4);
    assert.equal(wordCount('  two\t\twords \n'), 2);
    assert.equal(wordCount('no\u00a0break\u3000space'), 3);
    assert.equal(wordCount(''), 0);
  });

  it('should treat as whitespace exactly what trim removes', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const character = String.fromCharCode(code);
      assert.equal(isWhitespace(code), character.trim() === '', `U+${code.toString(16)}`);
    }
  });
});

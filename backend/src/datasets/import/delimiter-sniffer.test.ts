import assert from 'node:assert/strict';
import { sniffDelimiter } from './delimiter-sniffer.ts';

describe('sniffDelimiter', () => {
  it('should pick the delimiter that appears in every record as often as in the header', () => {
    assert.equal(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n', true), ',');
    assert.equal(sniffDelimiter('a;b;c\n1;2;3\n', true), ';');
    assert.equal(sniffDelimiter('a\tb\n1\t2\n', true), '\t');
    assert.equal(sniffDelimiter('a|b\n1|2\n', true), '|');
  });

  it('should not be fooled by decimal commas in a semicolon file', () => {
    assert.equal(sniffDelimiter('price;weight\n1,5;2,25\n3,75;4,5\n', true), ';');
  });

  it('should ignore delimiters inside quoted values, including quoted newlines', () => {
    assert.equal(sniffDelimiter('"name; full";"city"\n"Lee, Ann";"Paris, FR"\n"O\'Neil;\n Jo";"Rome, IT"\n', true), ';');
    assert.equal(sniffDelimiter('name,notes\n"Ann","a;b;c"\n"Bo","d;e"\n', true), ',');
  });

  it('should prefer the most consistent candidate when text contains others', () => {
    const sample = 'id,comment\n1,great; thanks\n2,ok\n3,fine | good\n';
    assert.equal(sniffDelimiter(sample, true), ',');
  });

  it('should ignore a record cut off at the end of an incomplete sample', () => {
    assert.equal(sniffDelimiter('a;b;c\n1;2;3\n4;5', false), ';');
  });

  it('should fall back to a comma for a single-column file', () => {
    assert.equal(sniffDelimiter('email\nann@example.com\n', true), ',');
  });
});

import assert from 'node:assert/strict';
import { parseNumber } from '../datasets/profile/cell-values.ts';
import { parseNumberText } from './number-text.ts';

describe('parseNumberText', () => {
  it('should read plain decimals with sign, fraction and exponent', () => {
    assert.equal(parseNumberText('12'), 12);
    assert.equal(parseNumberText('-3.5'), -3.5);
    assert.equal(parseNumberText('+.5'), 0.5);
    assert.equal(parseNumberText('5.'), 5);
    assert.equal(parseNumberText('0'), 0);
    assert.equal(parseNumberText('0.25'), 0.25);
    assert.equal(parseNumberText('1e6'), 1_000_000);
    assert.equal(parseNumberText('2.5E-3'), 0.0025);
  });

  it('should read comma-grouped thousands with groups of three digits', () => {
    assert.equal(parseNumberText('1,234'), 1234);
    assert.equal(parseNumberText('-1,234,567.89'), -1_234_567.89);
  });

  it('should refuse decimal commas, odd groupings, signs, codes with leading zeros and non-decimal forms', () => {
    for (const text of ['1,5', '1.234,5', '1,23', '1,2345', '1 234', '$100', '12%', '02139', '00.5', '0x1F', 'Infinity', 'NaN', '', '.', '+', '1e', '1e+', '--1', '1.2.3', '١٢']) {
      assert.ok(Number.isNaN(parseNumberText(text)), text);
    }
  });

  it('should give exactly what Number() gives for short and long decimals', () => {
    let state = 7;
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    for (let sample = 0; sample < 20_000; sample += 1) {
      const integerDigits = 1 + Math.floor(random() * 12);
      const fractionDigits = Math.floor(random() * 9);
      let text = random() < 0.3 ? '-' : '';
      for (let digit = 0; digit < integerDigits; digit += 1) text += digit === 0 && integerDigits > 1 ? String(1 + Math.floor(random() * 9)) : String(Math.floor(random() * 10));
      if (fractionDigits > 0) text += '.';
      for (let digit = 0; digit < fractionDigits; digit += 1) text += String(Math.floor(random() * 10));
      assert.ok(Object.is(parseNumberText(text), Number(text)), text);
    }
    assert.ok(Object.is(parseNumberText('-0'), -0));
    assert.equal(parseNumberText('0.1'), 0.1);
    assert.equal(parseNumberText('9007199254740993'), Number('9007199254740993'));
  });

  it('should give Infinity for a number too large for a double, for the caller to report', () => {
    assert.equal(parseNumberText('1e400'), Number.POSITIVE_INFINITY);
  });

  it('should agree with the dataset profile on which texts are numbers', () => {
    const samples = ['12', '-3.5', '.5', '5.', '1e6', '1,234', '1,234,567.89', '1,5', '02139', '0', '0.5', '$1', '1 000', 'abc', '-0', '+7', '12e-2'];
    for (const text of samples) assert.ok(Object.is(parseNumberText(text), parseNumber(text)), text);
  });
});

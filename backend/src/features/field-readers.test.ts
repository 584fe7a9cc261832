import assert from 'node:assert/strict';
import { FIELD_PROBLEM_CODES } from '@scorebridge/shared';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { DEFAULT_FALSE_VALUES, DEFAULT_MISSING_PLACEHOLDERS, DEFAULT_TRUE_VALUES } from './feature-defaults.ts';
import { ProblemCollector } from './field-problems.ts';
import { readBooleanField, readDateField, readNumberField as readNumberInto, readTextField, type BooleanWords, type FieldContext } from './field-readers.ts';

function fieldFor(column: string): { field: FieldContext; problems: ProblemCollector } {
  const problems = new ProblemCollector(100);
  return { field: { column, missing: new AsciiCaseInsensitiveSet(DEFAULT_MISSING_PLACEHOLDERS), problems }, problems };
}

/** The readers store numbers into a typed array; these give them back as return values for the assertions. */
const cell = new Float64Array(1);
function readNumberField(value: unknown, field: FieldContext): number {
  readNumberInto(value, field, cell, 0);
  return cell[0]!;
}
function readDate(value: unknown, field: FieldContext, dayFirst: boolean): number {
  readDateField(value, field, dayFirst, cell, 0);
  return cell[0]!;
}
function readBoolean(value: unknown, field: FieldContext, booleanWords: BooleanWords): number {
  readBooleanField(value, field, booleanWords, cell, 0);
  return cell[0]!;
}

const words = { trueValues: new AsciiCaseInsensitiveSet(DEFAULT_TRUE_VALUES), falseValues: new AsciiCaseInsensitiveSet(DEFAULT_FALSE_VALUES) };

describe('field readers', () => {
  it('should read numbers from numbers and trimmed text', () => {
    const { field, problems } = fieldFor('Amount');
    assert.equal(readNumberField(12.5, field), 12.5);
    assert.equal(readNumberField(' 1,234.5 ', field), 1234.5);
    assert.equal(readNumberField('-7', field), -7);
    assert.equal(problems.count, 0);
  });

  it('should read absent, null, empty and placeholder values as missing without a problem', () => {
    const { field, problems } = fieldFor('Amount');
    for (const value of [undefined, null, '', '   ', 'N/A', 'unknown', ' Select ', 'UNKNOWN', '--None--', '-']) {
      assert.ok(Number.isNaN(readNumberField(value, field)), String(value));
      assert.equal(readTextField(value, field), null, String(value));
      assert.ok(Number.isNaN(readDate(value, field, false)), String(value));
      assert.ok(Number.isNaN(readBoolean(value, field, words)), String(value));
    }
    assert.equal(problems.count, 0);
  });

  it('should read unreadable numbers as missing and say why, field by field', () => {
    const { field, problems } = fieldFor('Amount');
    for (const value of ['1.234,5', 'lots', '$5', '02139', Number.NaN, Number.POSITIVE_INFINITY, '1e400', true, { amount: 5 }, [5]]) {
      assert.ok(Number.isNaN(readNumberField(value, field)));
    }
    assert.deepEqual(
      problems.problems.map((problem) => problem.code),
      ['not_a_number', 'not_a_number', 'not_a_number', 'not_a_number', 'not_finite', 'not_finite', 'not_finite', 'wrong_type', 'wrong_type', 'wrong_type'],
    );
    assert.match(problems.problems[0]!.message, /^Amount: "1\.234,5" is not a number \(write plain numbers such as 1234\.5.*\); read as missing$/);
    assert.match(problems.problems[2]!.message, /currency and percent signs/);
    assert.match(problems.problems[3]!.message, /leading zero marks a code/);
    assert.match(problems.problems[7]!.message, /^Amount: true\/false cannot be read as a number; read as missing$/);
    assert.match(problems.problems[9]!.message, /a list cannot be read/);
  });

  it('should read dates from text and Date objects, and refuse numbers, which could be seconds, milliseconds or Excel days', () => {
    const { field, problems } = fieldFor('CreatedDate');
    assert.equal(readDate('2024-03-05', field, false), Date.UTC(2024, 2, 5));
    assert.equal(readDate(new Date(Date.UTC(2024, 2, 5, 10)), field, false), Date.UTC(2024, 2, 5, 10));
    assert.ok(Number.isNaN(readDate(45356, field, false)));
    assert.ok(Number.isNaN(readDate('yesterday', field, false)));
    assert.ok(Number.isNaN(readDate(new Date(Number.NaN), field, false)));
    assert.deepEqual(problems.problems.map((problem) => problem.code), [FIELD_PROBLEM_CODES.wrongType, FIELD_PROBLEM_CODES.notADate, FIELD_PROBLEM_CODES.notADate]);
    assert.match(problems.problems[0]!.message, /ISO 8601/);
  });

  it('should read booleans from true/false, 1/0 and yes/no words ignoring case', () => {
    const { field, problems } = fieldFor('HasPhone');
    const read = (value: unknown): number => readBoolean(value, field, words);
    assert.deepEqual([true, false, 1, 0, 'YES', 'no', ' T ', 'f', '1', '0'].map(read), [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    assert.ok(Number.isNaN(read('maybe')));
    assert.ok(Number.isNaN(read(2)));
    assert.deepEqual(problems.problems.map((problem) => problem.code), ['not_a_boolean', 'not_a_boolean']);
  });

  it('should read text trimmed, and numbers and booleans as JavaScript writes them', () => {
    const { field, problems } = fieldFor('Industry');
    assert.equal(readTextField('  Retail ', field), 'Retail');
    assert.equal(readTextField(42, field), '42');
    assert.equal(readTextField(0.5, field), '0.5');
    assert.equal(readTextField(false, field), 'false');
    assert.equal(readTextField({ name: 'Retail' }, field), null);
    assert.equal(readTextField(Number.NaN, field), null);
    assert.deepEqual(problems.problems.map((problem) => problem.code), ['wrong_type', 'not_finite']);
  });

  it('should quote long values briefly in messages', () => {
    const { field, problems } = fieldFor('Amount');
    readNumberField('x'.repeat(100_000), field);
    assert.ok(problems.problems[0]!.message.length < 150);
  });
});

import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { decodeOnnxModel } from './decode-onnx-model.ts';
import type { DecodedOnnxModel } from './decoded-model.ts';
import { fieldMappingFromList, parseFieldMapping } from './field-mapping.ts';
import { resolvePositiveClass } from './positive-class.ts';
import { ELEMENT_TYPE } from './onnx-field-numbers.ts';
import { resolveFieldMapping } from './resolve-field-mapping.ts';
import { perColumnClassifier, zipMapClassifier } from './test-support/test-models.ts';

const { string: STRING, bool: BOOL } = ELEMENT_TYPE;

/** A 422 whose message matches and whose details name these parts of the upload. */
const rejection = (pattern: RegExp, fields?: string[]) => (error: unknown) => {
  assert.ok(error instanceof ValidationError, String(error));
  assert.match(error.message, pattern);
  if (fields) assert.deepEqual(error.details?.map((detail) => detail.field), fields);
  return true;
};

describe('field mappings', () => {
  describe('parseFieldMapping', () => {
    it('accepts a field list and a named mapping', () => {
      assert.deepEqual(parseFieldMapping({ kind: 'tensor', fields: ['a', ' b '] }), { kind: 'tensor', fields: ['a', 'b'] });
      assert.deepEqual(parseFieldMapping({ kind: 'named', inputs: { sex: 'Gender' } }), { kind: 'named', inputs: { sex: 'Gender' } });
      assert.deepEqual(fieldMappingFromList('sepal_length, sepal_width'), { kind: 'tensor', fields: ['sepal_length', 'sepal_width'] });
    });

    it('names the bad part and shows what a mapping looks like', () => {
      assert.throws(() => parseFieldMapping({ kind: 'tensor', fields: [] }), rejection(/mapping\.fields: list at least one field\. A mapping looks like \{"kind": "tensor"/, ['mapping.fields']));
      assert.throws(() => parseFieldMapping({ kind: 'columns' }), rejection(/Invalid field mapping: mapping\.kind/));
      assert.throws(() => fieldMappingFromList('a,,b'), rejection(/mapping\.fields\.1: a field name cannot be empty/));
      assert.throws(() => parseFieldMapping({ kind: 'named', inputs: { sex: 'Gender' }, extra: 1 }), rejection(/Invalid field mapping/));
    });
  });

  describe('resolveFieldMapping', () => {
    const single = decodeOnnxModel(zipMapClassifier());
    const perColumn = decodeOnnxModel(perColumnClassifier());

    it('fills a one-input model from a field list of its width', () => {
      assert.deepEqual(resolveFieldMapping(single, { kind: 'tensor', fields: ['a', 'b'] }), [{ input: 'X', elementType: 'float', fields: ['a', 'b'], rank: 2 }]);
      assert.deepEqual(resolveFieldMapping(single, { kind: 'tensor', input: 'X', fields: ['a', 'b'] })[0]!.input, 'X');
    });

    it('refuses a field list whose length is not the input width, saying how many to list', () => {
      assert.throws(
        () => resolveFieldMapping(single, { kind: 'tensor', fields: ['a', 'b', 'c'] }),
        rejection(/Input "X" takes 2 values per row \(float \[N, 2\]\) but the mapping lists 3 fields \(a, b, c\): list exactly 2, in the column order the model was trained with\./, ['mapping.fields']),
      );
    });

    it('refuses a field list for a model with several inputs, pointing to a named mapping', () => {
      assert.throws(
        () => resolveFieldMapping(perColumn, { kind: 'tensor', fields: ['a', 'b', 'c'] }),
        rejection(/The model has 3 inputs \(plan \(string \[N, 1\]\), seats .*a field list fills only one\. Map every input to a record field with a named mapping, such as \{"kind": "named", "inputs": \{"plan": "<record field>"/),
      );
      assert.throws(() => resolveFieldMapping(single, { kind: 'tensor', input: 'Y', fields: ['a', 'b'] }), rejection(/The model has no input "Y"; its inputs are X \(float \[N, 2\]\)\./, ['mapping.input']));
    });

    it('refuses element types records cannot fill: a field list for a string input, a named bool input', () => {
      const withInput = (elemType: number): DecodedOnnxModel => ({ ...single, graph: { ...single.graph, inputs: [{ name: 'x', type: { kind: 'tensor', elemType, shape: ['N', 2] } }] } });
      assert.throws(
        () => resolveFieldMapping(withInput(STRING), { kind: 'tensor', fields: ['a', 'b'] }),
        rejection(/Input "x" is string \[N, 2\]; a field list fills a float or double \[N, width\] input\. Export the model with a float input for the fields\./),
      );
      assert.throws(() => resolveFieldMapping(withInput(BOOL), { kind: 'named', inputs: { x: 'a' } }), rejection(/Input "x" holds bool values, which records cannot fill \(supported: float, double, int64, int32, string\)/));
    });

    it('fills each input of a per-column model from its field, strings and integers included', () => {
      assert.deepEqual(resolveFieldMapping(perColumn, { kind: 'named', inputs: { spend: 'Spend', plan: 'Plan', seats: 'Seats' } }), [
        { input: 'plan', elementType: 'string', fields: ['Plan'], rank: 2 },
        { input: 'seats', elementType: 'int64', fields: ['Seats'], rank: 2 },
        { input: 'spend', elementType: 'float', fields: ['Spend'], rank: 2 },
      ]);
    });

    it('reports every unmapped input and every unknown input name at once', () => {
      assert.throws(
        () => resolveFieldMapping(perColumn, { kind: 'named', inputs: { plan: 'Plan', seat: 'Seats' } }),
        rejection(
          /^The mapping names input "seat", which the model does not have\. The model's inputs are plan \(string \[N, 1\]\), seats \(int64 \[N, 1\]\), spend \(float \[N, 1\]\)\. Input "seats" \(int64 \[N, 1\]\) is not mapped: add "seats": "<record field>" to "inputs"\. Input "spend" .* is not mapped/,
          ['mapping.inputs.seat', 'mapping.inputs', 'mapping.inputs.seats', 'mapping.inputs.spend'],
        ),
      );
    });

    it('refuses to fill an input of several values per row from one field', () => {
      assert.throws(() => resolveFieldMapping(single, { kind: 'named', inputs: { X: 'a' } }), rejection(/Input "X" takes 2 values per row .* a named mapping fills an input from one field/, ['mapping.inputs.X']));
    });
  });

  describe('resolvePositiveClass', () => {
    it('takes the named class, or the second of two', () => {
      assert.deepEqual(resolvePositiveClass(['0', '1', '2'], '2'), { index: 2, label: '2', byDefault: false });
      assert.deepEqual(resolvePositiveClass(['no', 'yes'], undefined), { index: 1, label: 'yes', byDefault: true });
      assert.deepEqual(resolvePositiveClass(['no', 'yes'], 'no'), { index: 0, label: 'no', byDefault: false });
    });

    it('refuses an unknown label, listing the classes', () => {
      assert.throws(() => resolvePositiveClass(['no', 'yes'], 'Yes'), rejection(/The model has no class "Yes"; its classes are "no", "yes"\. Name one of them as the positive class \(CLI: --positive <label>\)\./, ['positive']));
    });

    it('requires a name with more than two classes', () => {
      assert.throws(() => resolvePositiveClass(['0', '1', '2'], undefined), rejection(/The model has 3 classes \("0", "1", "2"\): name the class whose probability is the score/, ['positive']));
    });
  });
});

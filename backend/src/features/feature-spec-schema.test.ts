import assert from 'node:assert/strict';
import { featureSpecSchema, fittedFeatureSpecSchema, type FittedFeatureSpec } from '@scorebridge/shared';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { compileFeatureSpec } from './compile-feature-spec.ts';
import { fitFeatureSpec } from './fit-feature-spec.ts';
import { parseFeatureSpec, parseFittedFeatureSpec } from './parse-feature-spec.ts';
import { LEAD_COLUMNS, LEAD_ROWS, linearLeadSpec, treeLeadSpec } from './test-support/lead-table.ts';
import { tableOf } from './test-support/tables.ts';

/** The fields a ValidationError names, in order. */
function fieldsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return (error.details ?? []).map((detail) => detail.field);
  }
  assert.fail('expected a ValidationError');
}

describe('feature spec schemas', () => {
  it('should read a fitted spec back from JSON exactly as it was written', async () => {
    const fitted = await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const text = JSON.stringify(fitted);
    assert.deepEqual(parseFittedFeatureSpec(JSON.parse(text)), fitted);
    assert.equal(JSON.stringify(parseFittedFeatureSpec(JSON.parse(text))), text);
  });

  it('should name every bad field of a malformed spec', () => {
    const spec = {
      ...treeLeadSpec(),
      columns: [
        { name: 'Industry', type: 'categorical', maxCategories: 0 },
        { name: 'Colour', type: 'colour' },
        { name: 'CreatedDate', type: 'date', derive: [] },
      ],
    };
    const fields = fieldsOf(() => parseFeatureSpec(spec));
    assert.deepEqual(fields, ['spec.columns.0.maxCategories', 'spec.columns.1.type', 'spec.columns.2.derive']);
    assert.throws(() => parseFeatureSpec(spec), /^ValidationError: Invalid feature spec: spec\.columns\.0\.maxCategories: /);
  });

  it('should refuse specs that contradict themselves, naming the field', () => {
    const base = treeLeadSpec();
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, columns: [...base.columns, { name: 'Industry', type: 'numeric' }] })), ['spec.columns.7.name']);
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, columns: [{ name: 'Converted', type: 'boolean' }] })), ['spec.columns.0.name', 'spec.ratios.0.numerator', 'spec.ratios.0.denominator']);
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, ratios: [{ numerator: 'Industry', denominator: 'Employees' }] })), ['spec.ratios.0.numerator']);
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, excluded: [{ column: 'Email', reason: 'leakage' }] })), ['spec.excluded.0.column']);
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, columns: [{ name: 'A', type: 'numeric', missing: { impute: 'constant' } }], ratios: [] })), ['spec.columns.0.missing.constant']);
    assert.deepEqual(
      fieldsOf(() => parseFeatureSpec({ ...base, modelKind: 'linear', columns: [{ name: 'A', type: 'numeric', missing: { impute: 'keep' } }], ratios: [] })),
      ['spec.columns.0.missing.impute'],
      'the linear model cannot take missing values',
    );
    assert.deepEqual(fieldsOf(() => parseFeatureSpec({ ...base, referenceDate: 'last Tuesday' })), ['spec.referenceDate']);
  });

  it('should refuse a ratio named like another feature', async () => {
    const spec = treeLeadSpec({ ratios: [{ name: 'Employees', numerator: 'Revenue', denominator: 'Employees' }] });
    await assert.rejects(fitFeatureSpec(spec, tableOf(LEAD_COLUMNS, LEAD_ROWS)), (error: unknown) => error instanceof ValidationError && error.details?.[0]?.field === 'spec.ratios.0.name');
  });

  it('should refuse a tampered fitted spec before compiling it, naming the field', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const tamper = (change: (copy: FittedFeatureSpec) => void): string[] => {
      const copy = structuredClone(fitted);
      change(copy);
      return fieldsOf(() => compileFeatureSpec(copy));
    };
    assert.deepEqual(
      tamper((copy) => {
        const employees = copy.features[1]!;
        if (employees.kind === 'numeric') employees.scale = 0;
      }),
      ['fittedSpec.features.1.scale'],
    );
    assert.deepEqual(
      tamper((copy) => {
        copy.inputs = copy.inputs.filter((input) => input.column !== 'Email');
      }),
      ['fittedSpec.features.7.source'],
    );
    assert.deepEqual(
      tamper((copy) => {
        const weekday = copy.features[5]!;
        if (weekday.kind === 'categorical') weekday.categories.reverse();
      }),
      ['fittedSpec.features.5.categories'],
    );
    assert.deepEqual(
      tamper((copy) => {
        const industry = copy.features[0]!;
        if (industry.kind === 'categorical') industry.other = null;
      }),
      ['fittedSpec.features.0.other'],
    );
    assert.deepEqual(
      tamper((copy) => {
        copy.referenceDate = null;
      }),
      ['fittedSpec.referenceDate'],
    );
    assert.deepEqual(tamper((copy) => Object.assign(copy, { formatVersion: 2 })), ['fittedSpec.formatVersion']);
  });

  it('should turn into JSON Schema with named components for the OpenAPI document', () => {
    for (const [schema, id] of [
      [featureSpecSchema, 'FeatureSpec'],
      [fittedFeatureSpecSchema, 'FittedFeatureSpec'],
    ] as const) {
      const jsonSchema = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as { $ref?: string; $defs?: Record<string, { type?: string; properties?: object }> };
      assert.equal(jsonSchema.$ref, `#/$defs/${id}`);
      assert.equal(jsonSchema.$defs?.[id]?.type, 'object');
      assert.ok(jsonSchema.$defs?.[id]?.properties && 'modelKind' in jsonSchema.$defs[id].properties);
    }
  });
});

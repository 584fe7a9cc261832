import assert from 'node:assert/strict';
import { fieldLabel } from './field-labels.ts';
import { allocatePoints } from './reason-points.ts';
import { SeededRandom } from '../synthetic/index.ts';

const sum = (points: readonly number[]) => points.reduce((total, value) => total + value, 0);

describe('reason points', () => {
  it('should share the total in proportion to the contributions, rounding by largest remainder', () => {
    assert.deepEqual([...allocatePoints(10, [0.5, 0.3, 0.2])], [5, 3, 2]);
    assert.deepEqual([...allocatePoints(10, [1, 1, 1])], [4, 3, 3]);
    // Shares -4.9, 0.7, -2.8 floor to -5, 0, -3; the point left goes to the largest fraction, 0.7.
    assert.deepEqual([...allocatePoints(-7, [-0.7, 0.1, -0.4])], [-5, 1, -3]);
    assert.deepEqual([...allocatePoints(0, [0.3, -0.2])], [0, 0]);
    assert.deepEqual([...allocatePoints(5, [])], []);
  });

  it('should add up exactly and keep each field\'s sign on random contributions', () => {
    const random = new SeededRandom(5);
    for (let trial = 0; trial < 2000; trial++) {
      const contributions = Array.from({ length: 1 + random.int(30) }, () => (random.chance(0.1) ? 0 : random.between(-2, 2) ** 3));
      const direction = Math.sign(contributions.reduce((total, value) => total + value, 0));
      const total = direction * random.int(98) || 0;
      const points = allocatePoints(total, contributions);
      assert.equal(sum(points), total);
      if (total !== 0) points.forEach((value, index) => assert.ok(value === 0 || Math.sign(value) === Math.sign(contributions[index]!), `${value} for ${contributions[index]}`));
    }
  });

  it('should give a total the contributions point against to the fields pushing its way, and otherwise share it out', () => {
    const against = allocatePoints(3, [0.5, -0.6]);
    assert.deepEqual([...against], [3, 0]);
    assert.deepEqual([...allocatePoints(-2, [0.5, 0.25])], [-1, -1]);
    assert.deepEqual([...allocatePoints(2, [0, 0, 0])], [1, 1, 0]);
    assert.equal(sum(allocatePoints(4, [Number.NaN, 1])), 4);
  });
});

describe('field labels', () => {
  it('should turn API names into words', () => {
    assert.equal(fieldLabel('LeadSource'), 'Lead source');
    assert.equal(fieldLabel('NumberOfEmployees'), 'Number of employees');
    assert.equal(fieldLabel('Email_Opens__c'), 'Email opens');
    assert.equal(fieldLabel('Account.Industry'), 'Account industry');
    assert.equal(fieldLabel('CurrencyISOCode'), 'Currency ISO code');
    assert.equal(fieldLabel('annual revenue'), 'annual revenue');
    assert.equal(fieldLabel('__c'), '__c');
  });
});

import assert from 'node:assert/strict';
import { findCategoryVariants, findMisspelledStandardValues } from './category-variants.ts';

const column = (values: [string, number][]) => ({
  type: 'categorical' as const,
  topValues: { values: values.map(([value, count]) => ({ value, count })), otherCount: 0, exact: true },
});

describe('category variants', () => {
  it('should group spellings that differ in case, spacing or punctuation', () => {
    const groups = findCategoryVariants(column([['Web', 800], ['Phone Inquiry', 400], ['web', 12], ['phone-inquiry', 3]]));
    assert.deepEqual(
      groups.map((group) => group.values.map((entry) => entry.value)),
      [['Web', 'web'], ['Phone Inquiry', 'phone-inquiry']],
    );
  });

  it('should group longer names one typo apart, most frequent first', () => {
    const groups = findCategoryVariants(column([['Partner Referal', 31], ['Partner Referral', 1204], ['Trade Show', 90]]));
    assert.deepEqual(groups[0]?.values.map((entry) => entry.value), ['Partner Referral', 'Partner Referal']);
  });

  it('should leave short codes and distinct names alone', () => {
    assert.deepEqual(findCategoryVariants(column([['A1', 5], ['A2', 5], ['Retail', 3], ['Banking', 4]])), []);
    assert.deepEqual(findCategoryVariants(column([['City 1', 5], ['City 10', 5], ['Region 7', 3], ['Region 8', 4]])), []);
    assert.deepEqual(findCategoryVariants({ ...column([['web', 1], ['Web', 2]]), type: 'text' as const }), []);
  });

  it('should name values one letter from a standard CRM value even when the right spelling is absent', () => {
    const found = findMisspelledStandardValues(column([['technolgy', 12], ['medical', 12], ['retail', 17], ['Partner Referal', 4]]));
    assert.deepEqual(
      found.map((entry) => `${entry.value} -> ${entry.standard}`),
      ['technolgy -> Technology', 'Partner Referal -> Partner Referral'],
    );
  });
});

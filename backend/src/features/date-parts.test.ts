import assert from 'node:assert/strict';
import { DAY_MS, daysBefore, daysFromCivil, monthCode, weekdayCode } from './date-parts.ts';

describe('date parts', () => {
  it('should give the UTC weekday (Monday 0) and month (January 0) that Date gives, before and after 1970', () => {
    let state = 12345;
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    for (let sample = 0; sample < 5000; sample += 1) {
      const ms = Math.round((random() - 0.5) * 2 * 300 * 365 * DAY_MS);
      const date = new Date(ms);
      assert.equal(weekdayCode(ms), (date.getUTCDay() + 6) % 7, date.toISOString());
      assert.equal(monthCode(ms), date.getUTCMonth(), date.toISOString());
    }
  });

  it('should count days from the civil calendar', () => {
    assert.equal(daysFromCivil(1970, 1, 1), 0);
    assert.equal(daysFromCivil(2000, 3, 1), Date.UTC(2000, 2, 1) / DAY_MS);
    assert.equal(daysFromCivil(1600, 2, 29), Date.UTC(1600, 1, 29) / DAY_MS);
  });

  it('should keep NaN as NaN and count fractional days before the reference', () => {
    assert.ok(Number.isNaN(weekdayCode(Number.NaN)));
    assert.ok(Number.isNaN(monthCode(Number.NaN)));
    assert.equal(daysBefore(Date.UTC(2024, 0, 11), Date.UTC(2024, 0, 1, 12)), 9.5);
    assert.equal(daysBefore(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3)), -2);
  });
});

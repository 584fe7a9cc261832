import assert from 'node:assert/strict';
import { firstRecordNumber, KEY_PREFIXES, salesforceId, salesforceIdSuffix } from './salesforce-id.ts';

describe('Salesforce ids', () => {
  it('should compute the case-insensitivity suffix the way Salesforce does', () => {
    assert.equal(salesforceIdSuffix('001A0000006Vm9r'), 'IAC');
    assert.equal(salesforceIdSuffix('00Q0000000000aa'), 'EAA');
    assert.equal(salesforceIdSuffix('ABCDEFGHIJKLMNO'), '555');
  });

  it('should make 18-character ids with the object key prefix', () => {
    for (const prefix of Object.values(KEY_PREFIXES)) {
      const id = salesforceId(prefix, firstRecordNumber(1) + 12_345);
      assert.match(id, /^[0-9A-Za-z]{18}$/);
      assert.equal(id.slice(0, 3), prefix);
      assert.equal(id.slice(15), salesforceIdSuffix(id.slice(0, 15)));
    }
  });

  it('should give each record number its own id, even case-insensitively', () => {
    const ids = new Set<string>();
    const start = firstRecordNumber(7);
    for (let offset = 0; offset < 20_000; offset++) ids.add(salesforceId(KEY_PREFIXES.Lead, start + offset * 61).toLowerCase());
    assert.equal(ids.size, 20_000);
  });

  it('should start different seeds at record numbers far apart', () => {
    assert.ok(Math.abs(firstRecordNumber(2) - firstRecordNumber(1)) > 10_000_000);
  });
});

import assert from 'node:assert/strict';
import { BadRequestError } from '../errors.ts';
import { checkLoginUrl, type LoginUrlPolicy } from './login-url-policy.ts';

const policy: LoginUrlPolicy = { hosts: ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com'], allowLoopback: false };

describe('login URL policy', () => {
  it('should accept Salesforce production, sandbox and My Domain logins', () => {
    for (const url of ['https://login.salesforce.com', 'https://test.salesforce.com/', 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com']) {
      assert.equal(checkLoginUrl(url, policy).protocol, 'https:', url);
    }
  });

  it('should refuse internal and look-alike hosts', () => {
    for (const url of ['https://10.0.0.5', 'https://metadata.google.internal', 'https://my.salesforce.com.evil.example', 'https://evilmy.salesforce.com', 'https://169.254.169.254/latest']) {
      assert.throws(() => checkLoginUrl(url, policy), (error: unknown) => error instanceof BadRequestError && /not an allowed Salesforce host/.test(error.message), url);
    }
  });

  it('should refuse plain http, embedded credentials and non-URLs', () => {
    assert.throws(() => checkLoginUrl('http://login.salesforce.com', policy), /must use https/);
    assert.throws(() => checkLoginUrl('https://user:pw@login.salesforce.com', policy), /must not contain credentials/);
    assert.throws(() => checkLoginUrl('login.salesforce.com', policy), /is not a URL/);
  });

  it('should allow loopback only when enabled', () => {
    assert.throws(() => checkLoginUrl('http://127.0.0.1:4000', policy), /Loopback login URLs are disabled/);
    assert.equal(checkLoginUrl('http://127.0.0.1:4000', { ...policy, allowLoopback: true }).port, '4000');
  });
});

import assert from 'node:assert/strict';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { EMAIL_DOMAIN_KIND_CODES, emailDomainKindCode } from './email-domain-kind.ts';
import { DEFAULT_FREE_MAIL_DOMAINS } from './free-mail-domains.ts';

const freeMail = new AsciiCaseInsensitiveSet(DEFAULT_FREE_MAIL_DOMAINS);
const kind = (address: string): number => emailDomainKindCode(address, freeMail);

describe('emailDomainKindCode', () => {
  it('should call common consumer domains free, ignoring case', () => {
    for (const address of ['ana@gmail.com', 'Bob.Smith@Yahoo.co.uk', 'x+tag@OUTLOOK.COM', 'c@gmx.de', 'd@proton.me']) {
      assert.equal(kind(address), EMAIL_DOMAIN_KIND_CODES.free, address);
    }
  });

  it('should call any other well-formed domain corporate, including subdomains of free ones', () => {
    for (const address of ['ana@acme.example', 'ops@mail.acme-corp.co.uk', 'x@mail.gmail.com', 'y@xn--mnchen-3ya.de', 'z@münchen.de']) {
      assert.equal(kind(address), EMAIL_DOMAIN_KIND_CODES.corporate, address);
    }
  });

  it('should call anything that is not an address invalid', () => {
    for (const address of ['ana', '@gmail.com', 'ana@', 'ana@localhost', 'ana@gmail', 'ana@.com', 'ana@gmail..com', 'ana@-acme.com', 'ana@acme-.com', 'an a@acme.com', 'ana@acme.com.', 'ana@10.0.0.1', 'ana@ac_me.com']) {
      assert.equal(kind(address), EMAIL_DOMAIN_KIND_CODES.invalid, address);
    }
  });

  it('should use the list it is given', () => {
    assert.equal(emailDomainKindCode('ana@acme.example', new AsciiCaseInsensitiveSet(['acme.example'])), EMAIL_DOMAIN_KIND_CODES.free);
  });

  it('should have codes in the order of the fixed vocabulary', () => {
    assert.deepEqual(EMAIL_DOMAIN_KIND_CODES, { free: 0, corporate: 1, invalid: 2 });
  });
});

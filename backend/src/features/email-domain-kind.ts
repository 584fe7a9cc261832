import { FIXED_VOCABULARIES } from '@scorebridge/shared';
import type { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { isWhitespace } from './text-measures.ts';

/** Codes of the email domain kinds: positions in the fixed vocabulary, so the spec's labels and these agree. */
export const EMAIL_DOMAIN_KIND_CODES = Object.freeze({
  free: FIXED_VOCABULARIES.emailDomainKind.indexOf('free'),
  corporate: FIXED_VOCABULARIES.emailDomainKind.indexOf('corporate'),
  invalid: FIXED_VOCABULARIES.emailDomainKind.indexOf('invalid'),
} as const);

/**
 * Whether an address (already trimmed, not missing) is at a free-mail domain, at any other domain
 * (taken as the company's), or not an address. The check is deliberately loose and simple to
 * restate: no whitespace anywhere; something before the last `@`; after it, a domain of at least
 * two dot-separated labels, each non-empty, without `-` at either end, made of ASCII letters,
 * digits, `-` or non-ASCII characters, and a last label that is not all digits.
 */
export function emailDomainKindCode(address: string, freeMailDomains: AsciiCaseInsensitiveSet): number {
  const at = address.lastIndexOf('@');
  if (at < 1 || !isDomain(address, at + 1)) return EMAIL_DOMAIN_KIND_CODES.invalid;
  for (let index = 0; index < at; index += 1) {
    if (isWhitespace(address.charCodeAt(index))) return EMAIL_DOMAIN_KIND_CODES.invalid;
  }
  return freeMailDomains.has(address, at + 1) ? EMAIL_DOMAIN_KIND_CODES.free : EMAIL_DOMAIN_KIND_CODES.corporate;
}

function isDomain(text: string, start: number): boolean {
  let labels = 0;
  let labelStart = start;
  let lastLabelAllDigits = true;
  for (let index = start; index <= text.length; index += 1) {
    const code = index === text.length ? 46 : text.charCodeAt(index);
    if (code === 46) {
      const labelLength = index - labelStart;
      if (labelLength === 0 || text.charCodeAt(labelStart) === 45 || text.charCodeAt(index - 1) === 45) return false;
      labels += 1;
      if (index < text.length) lastLabelAllDigits = true;
      labelStart = index + 1;
      continue;
    }
    const letterOrDigit = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!letterOrDigit && code !== 45 && (code < 128 || isWhitespace(code))) return false;
    if (!(code >= 48 && code <= 57)) lastLabelAllDigits = false;
  }
  return labels >= 2 && !lastLabelAllDigits;
}

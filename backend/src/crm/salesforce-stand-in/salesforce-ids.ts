/**
 * Salesforce record ids: 15 case-sensitive characters (a 3-character key prefix naming the object,
 * then the record's number) plus a 3-character suffix that encodes which of the 15 are upper case,
 * so the 18-character form survives case-insensitive systems. Salesforce accepts both forms and
 * always answers with 18 characters; so does the stand-in.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Key prefixes of the standard objects a CRM sync touches; other objects get `a0…` like custom ones. */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Lead: '00Q',
  Task: '00T',
  Case: '500',
  Campaign: '701',
});

function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const character = id15.charCodeAt(chunk * 5 + position);
      if (character >= 65 && character <= 90) bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id, or undefined when it is not an id at all. */
export function normalizeId(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  return id15 + caseSuffix(id15);
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let position = 0; position < width; position += 1) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

/**
 * Makes fresh 18-character ids with a key prefix. `taken` is consulted so that ids generated at run
 * time never collide with ids the caller supplied in its fixtures.
 */
export function createIdGenerator(keyPrefix: string, taken: (id: string) => boolean = () => false): () => string {
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`Key prefix ${keyPrefix} must be three letters or digits`);
  let counter = 0;
  return () => {
    for (;;) {
      counter += 1;
      // "5S" stands for the stand-in's pod, as real ids carry their instance in these characters.
      const id = normalizeId(`${keyPrefix}5S${base62(counter, 10)}`)!;
      if (!taken(id)) return id;
    }
  };
}

import { isAscii, isUtf8 } from 'node:buffer';
import { InvalidDataError } from '../invalid-data-error.ts';
import { formatCount } from './message-text.ts';

/**
 * Turns the bytes of a text file into UTF-8, whatever of the two encodings CRM exports come in:
 * UTF-8 (with or without a byte order mark) or Latin-1 as Windows writes it (Windows-1252, a
 * superset of ISO-8859-1 for printable text). Anything else, in particular binary data, is refused.
 *
 * The encoding is decided at the first byte that is not ASCII, not on a fixed-size head: a Latin-1
 * export often holds its first accented name thousands of rows in, and ASCII reads the same in both
 * encodings. If that first non-ASCII text is valid UTF-8 the file is UTF-8 from then on, and a later
 * invalid sequence is an error (a file mixing encodings is broken); otherwise it is Windows-1252,
 * where every byte has a meaning.
 */
export const TEXT_ENCODINGS = Object.freeze({
  /** Nothing but ASCII so far: both encodings read it the same. */
  ascii: 'ascii',
  utf8: 'utf-8',
  windows1252: 'windows-1252',
} as const);

export type TextEncodingName = (typeof TEXT_ENCODINGS)[keyof typeof TEXT_ENCODINGS];

/** How much of the file start is examined for signs of binary data before anything is decoded. */
const HEAD_BYTES = 8_192;
/** Share of control characters in the head above which a file is taken for binary data. */
const MAX_CONTROL_SHARE = 0.05;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface TextNormaliser {
  readonly encoding: TextEncodingName;
  /** UTF-8 bytes for the next chunk of input; may hold back the last bytes of a split character. */
  push(chunk: Buffer): Buffer;
  /** UTF-8 bytes for whatever was held back, at the end of the input. */
  end(): Buffer;
}

export function createTextNormaliser(): TextNormaliser {
  let encoding: TextEncodingName = TEXT_ENCODINGS.ascii;
  let headChecked = false;
  let pending: Buffer = Buffer.alloc(0);
  /** Bytes of input before `pending`, and the line they end on, to say where a problem is. */
  let offset = 0;
  let line = 1;
  const windows1252 = new TextDecoder('windows-1252');

  function normalise(input: Buffer, atEnd: boolean): Buffer {
    let buffer = input;
    if (!headChecked) {
      if (buffer.length < HEAD_BYTES && !atEnd) {
        pending = buffer;
        return Buffer.alloc(0);
      }
      headChecked = true;
      rejectNonText(buffer);
      if (buffer.subarray(0, 3).equals(UTF8_BOM)) {
        encoding = TEXT_ENCODINGS.utf8;
        buffer = buffer.subarray(3);
        offset += 3;
      }
    }
    const nul = buffer.indexOf(0);
    if (nul !== -1) throw binaryAt(offset + nul, line + countNewlines(buffer.subarray(0, nul)));

    let output: Buffer;
    let consumed: number;
    if (encoding === TEXT_ENCODINGS.windows1252) {
      output = Buffer.from(windows1252.decode(buffer, { stream: !atEnd }), 'utf8');
      consumed = buffer.length;
    } else {
      consumed = atEnd ? buffer.length : completeUtf8Length(buffer);
      const complete = buffer.subarray(0, consumed);
      if (encoding === TEXT_ENCODINGS.ascii && !isAscii(complete)) {
        encoding = isUtf8(complete) ? TEXT_ENCODINGS.utf8 : TEXT_ENCODINGS.windows1252;
      }
      if (encoding === TEXT_ENCODINGS.windows1252) {
        // Decided just now: the whole buffer, split character or not, is single-byte text.
        output = Buffer.from(windows1252.decode(buffer, { stream: !atEnd }), 'utf8');
        consumed = buffer.length;
      } else {
        if (encoding === TEXT_ENCODINGS.utf8 && !isUtf8(complete)) {
          const bad = firstInvalidUtf8Offset(complete);
          throw new InvalidDataError(
            `The file is not valid UTF-8 at byte ${formatCount(offset + bad)} (line ${formatCount(line + countNewlines(complete.subarray(0, bad)))}), although its earlier text was UTF-8; save the whole file as UTF-8`,
          );
        }
        output = complete;
      }
    }
    line += countNewlines(buffer.subarray(0, consumed));
    offset += consumed;
    pending = buffer.subarray(consumed);
    return output;
  }

  return {
    get encoding() {
      return encoding;
    },
    push(chunk) {
      return normalise(pending.length === 0 ? chunk : Buffer.concat([pending, chunk]), false);
    },
    end() {
      return normalise(pending, true);
    },
  };
}

/** Refuses, by its first bytes, a file that is some other format rather than text. */
function rejectNonText(head: Buffer): void {
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw new InvalidDataError('The file is a zip archive (an XLSX workbook?), not CSV text; import it as .xlsx or save it as CSV');
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new InvalidDataError('The file is an old-style Office document (.xls, or a password-protected workbook), not CSV text; save it as CSV or .xlsx');
  }
  if (head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || head.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    throw new InvalidDataError('The file is UTF-16 text, which is not supported; save it as UTF-8 CSV');
  }
  const sample = head.subarray(0, HEAD_BYTES);
  const nul = sample.indexOf(0);
  if (nul !== -1) throw binaryAt(nul, 1 + countNewlines(sample.subarray(0, nul)));
  let controls = 0;
  for (const byte of sample) {
    // Tab, line feed, form feed and carriage return occur in text; other C0 controls do not.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) controls += 1;
  }
  if (sample.length > 0 && controls / sample.length > MAX_CONTROL_SHARE) {
    throw new InvalidDataError('The file is binary data, not text: its start is full of control characters; export the table as CSV (UTF-8)');
  }
}

function binaryAt(byteOffset: number, line: number): InvalidDataError {
  return new InvalidDataError(
    `The file is binary data or in an unsupported encoding, not text: it contains a NUL byte at byte ${formatCount(byteOffset)} (line ${formatCount(line)}); export the table as CSV (UTF-8)`,
  );
}

/** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(4, buffer.length); back += 1) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buffer.length - back : buffer.length;
  }
  return buffer.length;
}

function firstInvalidUtf8Offset(buffer: Buffer): number {
  let low = 0;
  let high = buffer.length;
  // The longest valid prefix, found by bisection; it ends at most three bytes before the bad byte.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (isUtf8(buffer.subarray(0, completeUtf8Length(buffer.subarray(0, middle))))) low = middle;
    else high = middle - 1;
  }
  return completeUtf8Length(buffer.subarray(0, low));
}

function countNewlines(buffer: Buffer): number {
  let count = 0;
  for (let index = buffer.indexOf(0x0a); index !== -1; index = buffer.indexOf(0x0a, index + 1)) count += 1;
  return count;
}

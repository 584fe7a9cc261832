import { InvalidDataError } from '../../invalid-data-error.ts';
import { formatCount } from '../message-text.ts';
import { decodeEscapedCharacters } from './escaped-characters.ts';
import type { ZipArchive } from './zip-archive.ts';
import { readXmlPart } from './xml-part.ts';

/**
 * Reads the workbook's shared string table: the text of string cells, which cells refer to by
 * index. It has to be held in memory while the sheet streams, so its total size is bounded.
 * Rich-text runs are joined; phonetic guides (ruby text for East Asian names) are not cell text.
 */
export async function readSharedStrings(archive: ZipArchive, part: string, maxTotalChars: number): Promise<string[]> {
  const strings: string[] = [];
  let total = 0;
  let inItem = false;
  let phoneticDepth = 0;
  let inText = false;
  let current = '';
  await readXmlPart(archive.read(part), part, {
    open(name) {
      if (name === 'si') {
        inItem = true;
        current = '';
      } else if (name === 'rPh') phoneticDepth += 1;
      else if (name === 't' && inItem && phoneticDepth === 0) inText = true;
    },
    close(name) {
      if (name === 'si') {
        inItem = false;
        total += current.length;
        if (total > maxTotalChars) {
          throw new InvalidDataError(`The workbook's shared strings exceed ${formatCount(maxTotalChars)} characters; split the workbook or export the sheet as CSV`);
        }
        strings.push(decodeEscapedCharacters(current));
      } else if (name === 'rPh') phoneticDepth -= 1;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (!inText) return;
      current += text;
      if (total + current.length > maxTotalChars) {
        throw new InvalidDataError(`The workbook's shared strings exceed ${formatCount(maxTotalChars)} characters; split the workbook or export the sheet as CSV`);
      }
    },
  });
  return strings;
}

import { dateKindOfFormat, type DateKind } from './date-formats.ts';
import type { ZipArchive } from './zip-archive.ts';
import { readXmlPart } from './xml-part.ts';

/**
 * For each cell style (the `s` attribute of a cell, an index into cellXfs), whether its number
 * format shows a date, a time, both, or a plain number. Nothing else about styles matters to
 * import.
 */
export async function readDateStyles(archive: ZipArchive, part: string): Promise<(DateKind | undefined)[]> {
  const formatCodes = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellFormats = false;
  await readXmlPart(archive.read(part), part, {
    open(name, attributes) {
      if (name === 'numFmt' && attributes.numFmtId !== undefined && attributes.formatCode !== undefined) {
        formatCodes.set(Number(attributes.numFmtId), attributes.formatCode);
      } else if (name === 'cellXfs') {
        inCellFormats = true;
      } else if (name === 'xf' && inCellFormats) {
        formatIds.push(Number(attributes.numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellFormats = false;
    },
  });
  return formatIds.map((id) => dateKindOfFormat(id, formatCodes.get(id)));
}

import { writeFileSync } from 'node:fs';
import { zipBytes, type ZipEntrySpec } from './zip-file.ts';

/**
 * Tiny XLSX workbooks for tests, written as the parts Excel writes: content types, package and
 * workbook relationships, the workbook, its worksheets, and optionally shared strings and styles.
 * Sheets are given as the XML of their rows, so that a test shows exactly the cells it reads.
 */
export interface SheetSpec {
  name: string;
  /** Each row's XML, e.g. row(1, cell('A1', { t: 's', v: '0' })). */
  rows: string[];
  hidden?: boolean;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  sharedStrings?: string[];
  /** Custom number formats, by id (164 and up). */
  numberFormats?: Record<number, string>;
  /** The number format id of each cell style, in order: style 0, 1, 2... */
  cellStyles?: number[];
  date1904?: boolean;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export function workbookEntries(spec: WorkbookSpec): ZipEntrySpec[] {
  const sheetEntries = spec.sheets.map((sheet, index) => ({
    name: `xl/worksheets/sheet${index + 1}.xml`,
    data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetData>${sheet.rows.join('')}</sheetData></worksheet>`,
  }));
  const relationships = spec.sheets.map((_, index) => relationship(`rId${index + 1}`, 'worksheet', `worksheets/sheet${index + 1}.xml`));
  const entries: ZipEntrySpec[] = [
    { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>` },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${relationship('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>` },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
        (spec.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
        `<sheets>${spec.sheets.map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${index + 1}"/>`).join('')}</sheets></workbook>`,
    },
    ...sheetEntries,
  ];
  if (spec.sharedStrings) {
    relationships.push(relationship('rIdStrings', 'sharedStrings', 'sharedStrings.xml'));
    entries.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${spec.sharedStrings.length}" uniqueCount="${spec.sharedStrings.length}">${spec.sharedStrings.map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`).join('')}</sst>`,
    });
  }
  if (spec.cellStyles || spec.numberFormats) {
    relationships.push(relationship('rIdStyles', 'styles', 'styles.xml'));
    const formats = Object.entries(spec.numberFormats ?? {});
    entries.push({
      name: 'xl/styles.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">` +
        `<numFmts count="${formats.length}">${formats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>` +
        // cellStyleXfs also holds xf elements; the reader must take only those of cellXfs.
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
        `<cellXfs count="${(spec.cellStyles ?? [0]).length}">${(spec.cellStyles ?? [0]).map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`).join('')}</cellXfs>` +
        '</styleSheet>',
    });
  }
  entries.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${relationships.join('')}</Relationships>`,
  });
  return entries;
}

export function writeWorkbook(filePath: string, spec: WorkbookSpec): string {
  writeFileSync(filePath, zipBytes(workbookEntries(spec)));
  return filePath;
}

export function row(number: number, ...cells: string[]): string {
  return `<row r="${number}">${cells.join('')}</row>`;
}

/** A cell; `v` is the <v> text, `inline` an inline string. */
export function cell(reference: string, options: { t?: string; s?: number; v?: string; inline?: string } = {}): string {
  const attributes = [`r="${reference}"`, options.t ? `t="${options.t}"` : '', options.s !== undefined ? `s="${options.s}"` : ''].filter(Boolean).join(' ');
  const content = options.inline !== undefined ? `<is><t>${escapeXml(options.inline)}</t></is>` : options.v !== undefined ? `<v>${escapeXml(options.v)}</v>` : '';
  return `<c ${attributes}>${content}</c>`;
}

function relationship(id: string, type: string, target: string): string {
  return `<Relationship Id="${id}" Type="${RELATIONSHIPS}/${type}" Target="${target}"/>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

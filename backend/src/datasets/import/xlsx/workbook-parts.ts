import { posix } from 'node:path';
import { InvalidDataError } from '../../invalid-data-error.ts';
import type { ZipArchive } from './zip-archive.ts';
import { attributeByLocalName, readXmlPart } from './xml-part.ts';

/**
 * The map of a workbook: which part holds which sheet, and where the shared strings and styles
 * are. It is read from the package's relationship parts rather than assumed from file names, since
 * writers other than Excel name their parts differently.
 */
export interface WorkbookMap {
  sheets: WorksheetRef[];
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
  /** Dates count from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
}

export interface WorksheetRef {
  name: string;
  part: string;
  hidden: boolean;
}

interface Relationship {
  type: string;
  target: string;
}

const DEFAULT_WORKBOOK_PART = 'xl/workbook.xml';

export async function readWorkbookMap(archive: ZipArchive): Promise<WorkbookMap> {
  const workbookPart = await findWorkbookPart(archive);
  const relationships = await readRelationships(archive, workbookPart);
  const declared: { name: string; relationshipId: string | undefined; hidden: boolean }[] = [];
  let date1904 = false;
  await readXmlPart(archive.read(workbookPart), workbookPart, {
    open(name, attributes) {
      if (name === 'sheet') {
        const state = attributes.state;
        declared.push({
          name: attributes.name ?? `Sheet${declared.length + 1}`,
          relationshipId: attributeByLocalName(attributes, 'id'),
          hidden: state === 'hidden' || state === 'veryHidden',
        });
      } else if (name === 'workbookPr') {
        date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      }
    },
  });
  const sheets = declared.flatMap((sheet) => {
    const relationship = sheet.relationshipId === undefined ? undefined : relationships.get(sheet.relationshipId);
    // Chart sheets and dialog sheets hold no cells; only worksheets are tables.
    if (!relationship || relationship.type !== 'worksheet' || !archive.has(relationship.target)) return [];
    return [{ name: sheet.name, part: relationship.target, hidden: sheet.hidden }];
  });
  const partOfType = (type: string) => [...relationships.values()].find((relationship) => relationship.type === type && archive.has(relationship.target))?.target;
  return { sheets, sharedStringsPart: partOfType('sharedStrings'), stylesPart: partOfType('styles'), date1904 };
}

async function findWorkbookPart(archive: ZipArchive): Promise<string> {
  const packageRelationships = await readRelationships(archive, '');
  const declared = [...packageRelationships.values()].find((relationship) => relationship.type === 'officeDocument')?.target;
  const workbookPart = declared !== undefined && archive.has(declared) ? declared : DEFAULT_WORKBOOK_PART;
  if (!archive.has(workbookPart)) {
    throw new InvalidDataError('The file is a zip archive but not an XLSX workbook: it has no workbook part');
  }
  return workbookPart;
}

/** The relationships of a part (or, for "", of the package), keyed by id, with targets resolved to part names. */
async function readRelationships(archive: ZipArchive, sourcePart: string): Promise<Map<string, Relationship>> {
  const folder = posix.dirname(sourcePart);
  const relationshipsPart = posix.join(folder, '_rels', `${posix.basename(sourcePart)}.rels`);
  const relationships = new Map<string, Relationship>();
  if (!archive.has(relationshipsPart)) return relationships;
  await readXmlPart(archive.read(relationshipsPart), relationshipsPart, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id === undefined || type === undefined || target === undefined) return;
      relationships.set(id, {
        // Transitional and strict OOXML use different namespace URIs; the last segment names the type in both.
        type: type.slice(type.lastIndexOf('/') + 1),
        target: target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.join(folder, target),
      });
    },
  });
  return relationships;
}

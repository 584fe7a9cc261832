import { open as openFile } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InvalidDataError } from '../../invalid-data-error.ts';
import { formatCount } from '../message-text.ts';
import { checkDeclaredSizes, createInflationBudget, formatBytes, type ZipLimits } from './zip-limits.ts';

/** The parts of a zip archive, read one at a time as streams, within the zip limits. */
export interface ZipArchive {
  has(partName: string): boolean;
  /** The part's bytes as they are inflated; throws InvalidDataError when the part breaks a limit or is corrupt. */
  read(partName: string): AsyncGenerator<Buffer>;
  close(): void;
}

const ZIP_SIGNATURES = Object.freeze([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')]);
const COMPOUND_DOCUMENT_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Opens an archive through its central directory (yauzl reads it by random access), so every
 * entry's declared size is known and checked before a single byte is inflated.
 */
export async function openZipArchive(path: string, limits: ZipLimits): Promise<ZipArchive> {
  await checkSignature(path);
  let zipFile: ZipFile;
  try {
    zipFile = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new InvalidDataError(`The file is not a valid XLSX workbook: its zip structure is damaged (${(error as Error).message})`);
  }
  try {
    if (zipFile.entryCount > limits.maxEntries) {
      throw new InvalidDataError(`The workbook has ${formatCount(zipFile.entryCount)} parts; at most ${formatCount(limits.maxEntries)} are accepted`);
    }
    const entries = await readEntries(zipFile);
    checkDeclaredSizes([...entries.values()], limits);
    return archiveOf(zipFile, entries, limits);
  } catch (error) {
    zipFile.close();
    throw error;
  }
}

async function checkSignature(path: string): Promise<void> {
  const file = await openFile(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    const start = buffer.subarray(0, bytesRead);
    if (start.equals(COMPOUND_DOCUMENT_SIGNATURE)) {
      throw new InvalidDataError('The file is an old-style .xls workbook or a password-protected one; save it in Excel as .xlsx without a password');
    }
    if (!ZIP_SIGNATURES.some((signature) => start.equals(signature))) {
      throw new InvalidDataError(bytesRead === 0 ? 'The file is empty; it is not an XLSX workbook' : 'The file is not an XLSX workbook: it is not a zip archive');
    }
  } finally {
    await file.close();
  }
}

async function readEntries(zipFile: ZipFile): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zipFile.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      entries.set(partKey(entry.fileName), entry);
    }
  } catch (error) {
    throw new InvalidDataError(`The file is not a valid XLSX workbook: its zip directory is damaged (${(error as Error).message})`);
  }
  return entries;
}

function archiveOf(zipFile: ZipFile, entries: Map<string, Entry>, limits: ZipLimits): ZipArchive {
  const budget = createInflationBudget(limits);
  let closed = false;
  return {
    has: (partName) => entries.has(partKey(partName)),
    async *read(partName) {
      const entry = entries.get(partKey(partName));
      if (!entry) throw new InvalidDataError(`The workbook has no part ${partName}`);
      if (entry.isEncrypted()) throw new InvalidDataError('The workbook is encrypted; save it in Excel without a password');
      if (!entry.canDecodeFileData()) {
        throw new InvalidDataError(`The workbook part ${entry.fileName} uses an unsupported zip compression method (${entry.compressionMethod}); save it again in Excel`);
      }
      let stream;
      try {
        stream = await zipFile.openReadStreamPromise(entry);
      } catch (error) {
        throw corrupt(entry, error);
      }
      let inflated = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          budget.add(entry, inflated, chunk.length);
          inflated += chunk.length;
          yield chunk;
        }
      } catch (error) {
        throw corrupt(entry, error);
      } finally {
        stream.destroy();
      }
    },
    close() {
      if (closed) return;
      closed = true;
      zipFile.close();
    },
  };
}

/** Maps yauzl's and zlib's errors to what the user can act on; our own errors pass through. */
function corrupt(entry: Entry, error: unknown): unknown {
  if (error instanceof InvalidDataError) return error;
  const message = (error as Error).message ?? String(error);
  if (message.startsWith('too many bytes in the stream')) {
    return new InvalidDataError(
      `The workbook part ${entry.fileName} unpacks to more than the ${formatBytes(entry.uncompressedSize)} it declares; it may be a zip bomb; open it in Excel and save it again`,
    );
  }
  return new InvalidDataError(`The workbook part ${entry.fileName} is corrupt (${message}); open it in Excel and save it again`);
}

/** Part names in an Office package are case-insensitive, and references to them may start with a slash. */
export function partKey(partName: string): string {
  return partName.replace(/^\/+/, '').toLowerCase();
}

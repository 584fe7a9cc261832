import type { Entry } from 'yauzl';
import { InvalidDataError } from '../../invalid-data-error.ts';
import { formatCount } from '../message-text.ts';

/**
 * Limits on what an XLSX archive may unpack to. An XLSX file is a zip of XML parts, and a zip can
 * declare or hold far more data than its size suggests (a "zip bomb"). Each limit is checked twice:
 * against the sizes the archive declares, before anything is inflated, and against the bytes that
 * actually come out while inflating, because declared sizes can lie.
 */
export interface ZipLimits {
  /** Most bytes all parts together may unpack to. */
  maxTotalBytes: number;
  /** Highest compression ratio (unpacked / packed) of a part larger than ratioCheckMinBytes. */
  maxCompressionRatio: number;
  /** Small parts may compress extremely well (a sheet of empty styled cells); only larger ones are ratio-checked. */
  ratioCheckMinBytes: number;
  /** Most entries an archive may list; a workbook has dozens, a bomb may have millions. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxTotalBytes: 2 * 1024 ** 3,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: 1024 ** 2,
  maxEntries: 10_000,
} as const);

export function resolveZipLimits(overrides: Partial<ZipLimits> = {}): ZipLimits {
  const limits = { ...DEFAULT_ZIP_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof ZipLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Zip limit ${name} must be a positive number, got ${value}`);
    limits[name] = value;
  }
  return limits;
}

const BOMB_ADVICE = 'it may be a zip bomb; open it in Excel and save it again';

/** Checks the sizes the archive declares, before any part is inflated. */
export function checkDeclaredSizes(entries: readonly Entry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new InvalidDataError(`The workbook declares more than ${formatBytes(limits.maxTotalBytes)} of content; ${BOMB_ADVICE}`);
    }
    if (entry.uncompressedSize > limits.ratioCheckMinBytes && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
      const ratio = entry.compressedSize === 0 ? 'infinitely' : `${formatCount(Math.round(entry.uncompressedSize / entry.compressedSize))} times`;
      throw new InvalidDataError(
        `The workbook part ${entry.fileName} unpacks to ${ratio} its packed size (at most ${formatCount(limits.maxCompressionRatio)} times is accepted); ${BOMB_ADVICE}`,
      );
    }
  }
}

/** Counts the bytes that actually come out of the archive, across all parts read. */
export interface InflationBudget {
  /** Adds the bytes just inflated from an entry; throws once a limit is crossed. */
  add(entry: Entry, inflatedSoFar: number, bytes: number): void;
}

export function createInflationBudget(limits: ZipLimits): InflationBudget {
  let total = 0;
  return {
    add(entry, inflatedSoFar, bytes) {
      total += bytes;
      if (inflatedSoFar + bytes > entry.uncompressedSize) {
        throw new InvalidDataError(`The workbook part ${entry.fileName} unpacks to more than the ${formatBytes(entry.uncompressedSize)} it declares; ${BOMB_ADVICE}`);
      }
      if (total > limits.maxTotalBytes) {
        throw new InvalidDataError(`The workbook unpacks to more than ${formatBytes(limits.maxTotalBytes)}; ${BOMB_ADVICE}`);
      }
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

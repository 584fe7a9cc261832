import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ERROR_CODES } from '@scorebridge/shared';
import { AppError } from '../errors.ts';

/**
 * Receives a file sent as a request body into a private temporary directory, stopping at
 * `maxBytes` with 413. XLSX files are zip archives read by random access, so every upload is
 * written out before it is read; the caller removes it with `discard`.
 */
export async function receiveUpload(body: Readable, maxBytes: number): Promise<{ file: string; bytes: number; discard(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scorebridge-upload-'));
  const file = path.join(dir, 'upload');
  const discard = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* limit(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          if (bytes > maxBytes) throw new AppError(413, ERROR_CODES.payloadTooLarge, `The file is larger than the limit of ${maxBytes} bytes (IMPORT_MAX_BYTES)`);
          yield chunk;
        }
      },
      createWriteStream(file, { mode: 0o600 }),
    );
    return { file, bytes, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

/** `attachment; filename="leads.csv"` → `leads.csv`; only the base name, never a path. */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  const match = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  if (!match) return undefined;
  let name = match[1]!;
  try {
    name = decodeURIComponent(name);
  } catch {
    // Keep the raw name when it is not valid percent-encoding.
  }
  return path.basename(name.replaceAll('\\', '/')).slice(0, 200) || undefined;
}

import { ProtobufWriter } from '../../training/onnx/protobuf-writer.ts';
import { readFields, type WireField } from './protobuf-reader.ts';

/**
 * Editing an encoded protobuf message in place of decoding and re-encoding it: every field the edit
 * leaves alone is copied byte for byte, so fields nobody here knows (a newer ONNX's, a producer's)
 * survive a rewrite unchanged.
 */

/** What to put where a field stood: its replacement's encoded bytes (key included), null to drop it, undefined to keep it. */
export type FieldEdit = (field: WireField, occurrence: number) => Uint8Array | null | undefined;

/**
 * The message with `edit` applied to each field (`occurrence` counts the earlier fields with the
 * same number, so the third node is field 1 occurrence 2) and `appended` fields added at the end.
 */
export function patchMessage(bytes: Uint8Array, edit: FieldEdit, appended: readonly Uint8Array[] = []): Uint8Array {
  const seen = new Map<number, number>();
  const parts: Uint8Array[] = [];
  for (const field of readFields(bytes)) {
    const occurrence = seen.get(field.field) ?? 0;
    seen.set(field.field, occurrence + 1);
    const replacement = edit(field, occurrence);
    if (replacement === undefined) parts.push(field.encoded);
    else if (replacement !== null) parts.push(replacement);
  }
  return concatBytes([...parts, ...appended]);
}

/**
 * Rewrites the message nested at `path` (field numbers, each the first occurrence, as in
 * type -> tensor_type -> shape) with `rewrite`, re-encoding only the enclosing fields' lengths.
 * A path that does not exist leaves the message unchanged.
 */
export function patchNested(bytes: Uint8Array, path: readonly number[], rewrite: (nested: Uint8Array) => Uint8Array): Uint8Array {
  const [first, ...rest] = path;
  if (first === undefined) return rewrite(bytes);
  return patchMessage(bytes, (field, occurrence) =>
    field.field === first && occurrence === 0 && field.value instanceof Uint8Array ? messageField(first, patchNested(field.value, rest, rewrite)) : undefined,
  );
}

/** A length-delimited field (nested message, string, bytes) with its key. */
export function messageField(field: number, value: Uint8Array): Uint8Array {
  return new ProtobufWriter().bytesField(field, value).finish();
}

/** A field written with the writer's helpers, as bytes to splice in. */
export function encodedField(write: (writer: ProtobufWriter) => void): Uint8Array {
  const writer = new ProtobufWriter();
  write(writer);
  return writer.finish();
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

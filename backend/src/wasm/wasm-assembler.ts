/**
 * What the project's two WebAssembly kernels (gbdt/histogram-kernel.ts, explain/tree-shap-wasm.ts)
 * are assembled from: opcodes and encodings of the WebAssembly core specification 2.0 (with
 * fixed-width SIMD and non-trapping float-to-int conversion), written out here so that what runs
 * can be read, and the one module shape both use: one function over an imported memory.
 */

/** The part of the WebAssembly JavaScript API used (the project's libraries do not declare the global, and a runtime may lack it). */
export interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}
export const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** WebAssembly pages are 64 KiB; a 32-bit memory has at most 65,536 of them (4 GiB). */
export const WASM_PAGE_BYTES = 65_536;
export const WASM_MAX_PAGES = 65_536;

export const OP = Object.freeze({
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Load16U: 0x2f,
  f64Store: 0x39,
  i32Store8: 0x3a,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  f64Eq: 0x61,
  f64Le: 0x65,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64ConvertI32S: 0xb7,
  saturating: 0xfc,
  simd: 0xfd,
});
/** After OP.saturating. */
export const I32_TRUNC_SAT_F64_S = 0x02;
/** After OP.simd. */
export const SIMD = Object.freeze({ v128Load: [0x00], v128Store: [0x0b], f64x2Splat: [0x14], f64x2ExtractLane: [0x21], f64x2Add: [0xf0, 0x01], f64x2Mul: [0xf2, 0x01] });
export const TYPE = Object.freeze({ i32: 0x7f, f64: 0x7c, v128: 0x7b, func: 0x60, emptyBlock: 0x40 });

/** LEB128: unsigned, or signed (two's complement) for i32.const. */
export function leb128(value: number, signed = false): number[] {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest = signed ? rest >> 7 : rest >>> 7;
    const done = signed ? (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0) : rest === 0;
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

/** A memory access: log2 of the alignment the code promises (a hint), then the constant offset. */
export const memarg = (alignLog2: number, offset = 0): number[] => [alignLog2, ...leb128(offset)];
export const get = (local: number): number[] => [OP.localGet, local];
export const set = (local: number): number[] => [OP.localSet, local];
export const tee = (local: number): number[] => [OP.localTee, local];
export const i32 = (value: number): number[] => [OP.i32Const, ...leb128(value, true)];
export const f64 = (value: number): number[] => [OP.f64Const, ...new Uint8Array(Float64Array.of(value).buffer)];
export const simd = (op: readonly number[], ...immediates: number[]): number[] => [OP.simd, ...op, ...immediates];

export function section(id: number, content: number[]): number[] {
  return [id, ...leb128(content.length), ...content];
}

export function vector(items: readonly number[][]): number[] {
  return [...leb128(items.length), ...items.flat()];
}

export function name(text: string): number[] {
  return vector([...text].map((character) => [character.charCodeAt(0)]));
}

/** A function's code entry: its locals ([count, type] runs) and instructions, length-prefixed. */
export function functionBody(locals: readonly [number, number][], code: readonly number[]): number[] {
  const body = [...vector(locals.map(([count, type]) => [count, type])), ...code];
  return [...leb128(body.length), ...body];
}

/** A module of one exported function taking `parameterCount` i32s and returning nothing, over the memory `env.memory`. */
export function oneFunctionModule(exportName: string, parameterCount: number, body: number[]): Uint8Array<ArrayBuffer> {
  const functionType = [TYPE.func, ...vector(Array.from({ length: parameterCount }, () => [TYPE.i32])), 0];
  const memoryImport = [...name('env'), ...name('memory'), 0x02 /* memory */, 0x00 /* no maximum required */, 0x01 /* at least one page */];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d], // \0asm
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vector([functionType])), // types
    ...section(2, vector([memoryImport])), // imports
    ...section(3, vector([[0]])), // functions: one, of type 0
    ...section(7, vector([[...name(exportName), 0x00 /* function */, 0]])), // exports
    ...section(10, vector([body])), // code
  ]);
}

import { f64, functionBody, get, I32_TRUNC_SAT_F64_S, i32, memarg, oneFunctionModule, OP, set, SIMD, simd, tee, TYPE, WASM_MAX_PAGES, WASM_PAGE_BYTES, webAssembly, type WebAssemblyApi } from '../../wasm/wasm-assembler.ts';
import { BIN_SIDES } from '../gbdt/split-candidate.ts';
import type { ShapForest } from './shap-forest.ts';

/**
 * Linear TreeSHAP for one row as a WebAssembly function (docs/decisions/0021), over a copy of the
 * forest in the kernel's own memory. It does what `addForestShap` (tree-shap-kernel.ts) does, the
 * same operations in the same order, so that both give the same bits; but it routes the row and
 * keeps the hot/settled states without bounds checks or boxed values, and it takes the lanes two at
 * a time with two-lane SIMD multiplications and additions (f64x2).
 *
 * The module is assembled here from its instructions, as the histogram kernel is
 * (../gbdt/histogram-kernel.ts, docs/decisions/0014): no binary, no toolchain, and what runs can be
 * read. Every address is a byte offset into the explainer's memory, laid out by `layOut`.
 *
 * explain(treesAt, treesEnd):
 *
 *   for each tree record (splitsAt, splitsEnd, laneBytes) from treesAt to treesEnd:
 *     f64x2[root's lanes] = 1
 *     for each split record, in node order:                     // down: route, carry the products
 *       if u8[previousAt] = 0: state = SETTLED                   // the row left this feature's path above
 *       else x = f64[valueAt]; state = LEFT_HOT or RIGHT_HOT by goesLeft (shap-forest.ts)
 *       u8[hotLeftAt] = state = LEFT_HOT; u8[hotRightAt] = state = RIGHT_HOT
 *       settled: lanes(child) = lanes(node) × f64[child block + 4·laneBytes]
 *       else:    lanes(child) = lanes(node) × its block's hot or cold factors (0 or laneBytes in)
 *     for each split record, in reverse:                         // up: sum the subtrees, add the integrals
 *       lanes(node) = lanes(left) + lanes(right)
 *       unless settled: f64[phiAt] += Σ lanes(child) × its block's hot or cold deltas (2 or 3 laneBytes in)
 *
 * Both ranges must be non-empty: every tree listed has a split.
 */


/** A tree record: its split records' range and its lanes' bytes (lanes × 8). */
const TREE = Object.freeze({ splitsAt: 0, splitsEnd: 4, laneBytes: 8, bytes: 16 });
/** A split record. The lane addresses are the scratch's, the blocks a child's coefficients. */
const SPLIT = Object.freeze({
  nodeLanes: 0,
  leftLanes: 4,
  rightLanes: 8,
  leftBlock: 12,
  rightBlock: 16,
  phiAt: 20,
  valueAt: 24,
  /** The hot flag of the previous split's child on the same feature, or a byte that is always 1. */
  previousAt: 28,
  hotLeftAt: 32,
  hotRightAt: 36,
  /** A categorical split's BIN_SIDES by code (possibly none). */
  sidesAt: 40,
  sidesLength: 44,
  threshold: 48,
  missingGoesLeft: 56,
  unseenGoesLeft: 57,
  /** 1 for a categorical split, 0 for a numeric one. */
  categorical: 58,
  /** Written per row on the way down, read on the way up. */
  state: 59,
  bytes: 64,
});
const SETTLED = 0;
const LEFT_HOT = 1;
const RIGHT_HOT = 2;

export interface WasmTreeShap {
  /** Overwrites `out` (length featureCount) with the row's contributions. */
  explainInto(values: Float64Array, out: Float64Array): void;
}

/** The forest's kernel, or null where WebAssembly (with SIMD) or the memory is unavailable. */
export function createWasmTreeShap(forest: ShapForest, featureCount: number): WasmTreeShap | null {
  if (!webAssembly) return null;
  const layout = layOut(forest, featureCount);
  const pages = Math.max(1, Math.ceil(layout.bytes / WASM_PAGE_BYTES));
  if (pages > WASM_MAX_PAGES) return null;
  let explain: (treesAt: number, treesEnd: number) => void;
  let buffer: ArrayBuffer;
  try {
    const memory = new webAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new webAssembly.Instance(compiledModule(webAssembly), { env: { memory } });
    explain = instance.exports.explain as typeof explain;
    buffer = memory.buffer;
  } catch {
    return null;
  }
  layout.write(buffer);
  const values = new Float64Array(buffer, layout.valuesAt, featureCount);
  const phi = new Float64Array(buffer, layout.phiAt, featureCount);
  const { treesAt, treesEnd } = layout;
  return {
    explainInto(row, out) {
      values.set(row);
      phi.fill(0);
      if (treesEnd > treesAt) explain(treesAt, treesEnd);
      out.set(phi);
    },
  };
}

interface Layout {
  bytes: number;
  treesAt: number;
  treesEnd: number;
  valuesAt: number;
  phiAt: number;
  write(buffer: ArrayBuffer): void;
}

/**
 * Where everything goes: the lanes scratch first (16-byte aligned), then the row's values, the
 * contributions, the hot flags and the always-1 byte, the tree and split records, the children's
 * coefficient blocks (hot factors, cold factors, hot deltas, cold deltas, each laneBytes, then the
 * settled factor) and the category tables.
 */
function layOut(forest: ShapForest, featureCount: number): Layout {
  const treeCount = forest.lanes.length;
  const trees = Array.from({ length: treeCount }, (_, tree) => tree).filter((tree) => forest.treeSplitStart[tree + 1]! > forest.treeSplitStart[tree]!);
  const splitCount = forest.feature.length;
  const align = (at: number) => Math.ceil(at / 16) * 16;
  const valuesAt = align(forest.scratchLanes * 8);
  const phiAt = align(valuesAt + featureCount * 8);
  const hotAt = align(phiAt + featureCount * 8);
  const oneAt = hotAt + forest.scratchNodes;
  const treesAt = align(oneAt + 1);
  const treesEnd = treesAt + trees.length * TREE.bytes;
  const splitsAt = align(treesEnd);
  const blocksAt = align(splitsAt + splitCount * SPLIT.bytes);
  const blockStart = new Int32Array(treeCount);
  let at = blocksAt;
  for (let tree = 0; tree < treeCount; tree++) {
    blockStart[tree] = at;
    const nodes = forest.nodeStart[tree + 1]! - forest.nodeStart[tree]!;
    at += nodes * (4 * forest.lanes[tree]! + 1) * 8;
  }
  const sidesAt = at;
  let sidesEnd = sidesAt;
  for (const sides of forest.categorySides) sidesEnd += sides?.length ?? 0;

  const write = (buffer: ArrayBuffer): void => {
    const view = new DataView(buffer);
    const bytes = new Uint8Array(buffer);
    bytes[oneAt] = 1;
    let sidesNext = sidesAt;
    trees.forEach((tree, index) => {
      const m = forest.lanes[tree]!;
      const laneBytes = m * 8;
      const blockBytes = (4 * m + 1) * 8;
      const first = forest.treeSplitStart[tree]!;
      const end = forest.treeSplitStart[tree + 1]!;
      const record = treesAt + index * TREE.bytes;
      view.setInt32(record + TREE.splitsAt, splitsAt + first * SPLIT.bytes, true);
      view.setInt32(record + TREE.splitsEnd, splitsAt + end * SPLIT.bytes, true);
      view.setInt32(record + TREE.laneBytes, laneBytes, true);
      const block = (node: number) => blockStart[tree]! + node * blockBytes;
      const nodes = forest.nodeStart[tree + 1]! - forest.nodeStart[tree]!;
      for (let node = 1; node < nodes; node++) {
        const from = forest.coefficientStart[tree]! + node * m;
        const to = block(node);
        for (let lane = 0; lane < m; lane++) {
          view.setFloat64(to + lane * 8, forest.hotFactor[from + lane]!, true);
          view.setFloat64(to + laneBytes + lane * 8, forest.coldFactor[from + lane]!, true);
          view.setFloat64(to + 2 * laneBytes + lane * 8, forest.hotDelta[from + lane]!, true);
          view.setFloat64(to + 3 * laneBytes + lane * 8, forest.coldDelta[from + lane]!, true);
        }
        view.setFloat64(to + 4 * laneBytes, forest.settledFactor[forest.nodeStart[tree]! + node]!, true);
      }
      for (let split = first; split < end; split++) {
        const at = splitsAt + split * SPLIT.bytes;
        const left = forest.left[split]!;
        const right = forest.right[split]!;
        const previous = forest.previous[split]!;
        const sides = forest.categorySides[split];
        view.setInt32(at + SPLIT.nodeLanes, forest.node[split]! * laneBytes, true);
        view.setInt32(at + SPLIT.leftLanes, left * laneBytes, true);
        view.setInt32(at + SPLIT.rightLanes, right * laneBytes, true);
        view.setInt32(at + SPLIT.leftBlock, block(left), true);
        view.setInt32(at + SPLIT.rightBlock, block(right), true);
        view.setInt32(at + SPLIT.phiAt, phiAt + forest.feature[split]! * 8, true);
        view.setInt32(at + SPLIT.valueAt, valuesAt + forest.feature[split]! * 8, true);
        view.setInt32(at + SPLIT.previousAt, previous >= 0 ? hotAt + previous : oneAt, true);
        view.setInt32(at + SPLIT.hotLeftAt, hotAt + left, true);
        view.setInt32(at + SPLIT.hotRightAt, hotAt + right, true);
        view.setInt32(at + SPLIT.sidesAt, sides ? sidesNext : 0, true);
        view.setInt32(at + SPLIT.sidesLength, sides?.length ?? 0, true);
        view.setFloat64(at + SPLIT.threshold, forest.threshold[split]!, true);
        view.setUint8(at + SPLIT.missingGoesLeft, forest.missingGoesLeft[split]!);
        view.setUint8(at + SPLIT.unseenGoesLeft, forest.unseenGoesLeft[split]!);
        view.setUint8(at + SPLIT.categorical, sides ? 1 : 0);
        if (sides) {
          bytes.set(sides, sidesNext);
          sidesNext += sides.length;
        }
      }
    });
  };
  return { bytes: sidesEnd, treesAt, treesEnd, valuesAt, phiAt, write };
}

let moduleCache: object | null = null;

function compiledModule(api: WebAssemblyApi): object {
  moduleCache ??= new api.Module(moduleBytes());
  return moduleCache;
}


// The function's parameters and locals, by index.
const TREE_AT = 0;
const TREES_END = 1;
const SPLIT_AT = 2;
const SPLITS_START = 3;
const SPLITS_END = 4;
const LANE_BYTES = 5;
const LANE = 6;
const NODE_LANES = 7;
const LEFT_LANES = 8;
const RIGHT_LANES = 9;
const LEFT_COEFFICIENTS = 10;
const RIGHT_COEFFICIENTS = 11;
const STATE = 12;
const CODE = 13;
const X = 14;
const LEFT_VECTOR = 15;
const RIGHT_VECTOR = 16;
const NODE_VECTOR = 17;
const SUM = 18;

/** A memory access: log2 of the alignment the code promises (a hint), then the constant offset. */
/** A field of the split record at SPLIT_AT. */
const splitI32 = (offset: number): number[] => [...get(SPLIT_AT), OP.i32Load, ...memarg(2, offset)];
const splitU8 = (offset: number): number[] => [...get(SPLIT_AT), OP.i32Load8U, ...memarg(0, offset)];
const vectorAt = (base: number): number[] => [...get(base), ...get(LANE), OP.i32Add];
const loadVector = (base: number): number[] => [...vectorAt(base), ...simd(SIMD.v128Load, ...memarg(3))];
/** `local += bytes` */
const advance = (local: number, bytes: number[]): number[] => [...get(local), ...bytes, OP.i32Add, ...set(local)];

/** `body` for LANE = 0, 16, … below LANE_BYTES (at least one pass: every tree has two lanes or more). */
function overLanes(body: number[]): number[] {
  return [...i32(0), ...set(LANE), OP.loop, TYPE.emptyBlock, ...body, ...get(LANE), ...i32(16), OP.i32Add, ...tee(LANE), ...get(LANE_BYTES), OP.i32LtU, OP.brIf, 0, OP.end];
}

/** The split's state on the stack: SETTLED, LEFT_HOT or RIGHT_HOT, by goesLeft's rules. */
function routeSplit(): number[] {
  const goesLeft = [
    ...splitI32(SPLIT.valueAt), OP.f64Load, ...memarg(3), ...tee(X),
    ...get(X), OP.f64Sub, ...f64(0), OP.f64Eq, // finite: x − x = 0
    OP.if, TYPE.i32,
      ...splitU8(SPLIT.categorical), OP.i32Eqz,
      OP.if, TYPE.i32,
        ...get(X), ...get(SPLIT_AT), OP.f64Load, ...memarg(3, SPLIT.threshold), OP.f64Le,
      OP.else,
        // A listed code is a whole number below the table's length; anything else is unseen (0).
        ...get(X), OP.saturating, I32_TRUNC_SAT_F64_S, ...tee(CODE), OP.f64ConvertI32S, ...get(X), OP.f64Eq,
        ...get(CODE), ...splitI32(SPLIT.sidesLength), OP.i32LtU, OP.i32And,
        OP.if, TYPE.i32,
          ...splitI32(SPLIT.sidesAt), ...get(CODE), OP.i32Add, OP.i32Load8U, ...memarg(0),
        OP.else,
          ...i32(BIN_SIDES.unseen),
        OP.end,
        ...tee(CODE), ...i32(BIN_SIDES.left), OP.i32Eq,
        ...get(CODE), ...i32(BIN_SIDES.unseen), OP.i32Eq, ...splitU8(SPLIT.unseenGoesLeft), OP.i32And,
        OP.i32Or,
      OP.end,
    OP.else,
      ...splitU8(SPLIT.missingGoesLeft),
    OP.end,
  ];
  return [
    ...splitI32(SPLIT.previousAt), OP.i32Load8U, ...memarg(0),
    OP.if, TYPE.i32,
      ...i32(RIGHT_HOT), ...goesLeft, OP.i32Sub, // LEFT_HOT = 2 − 1
    OP.else,
      ...i32(SETTLED),
    OP.end,
  ];
}

function loadSplit(): number[] {
  return [
    ...splitI32(SPLIT.nodeLanes), ...set(NODE_LANES),
    ...splitI32(SPLIT.leftLanes), ...set(LEFT_LANES),
    ...splitI32(SPLIT.rightLanes), ...set(RIGHT_LANES),
    ...splitI32(SPLIT.leftBlock), ...set(LEFT_COEFFICIENTS),
    ...splitI32(SPLIT.rightBlock), ...set(RIGHT_COEFFICIENTS),
  ];
}

/** The hot child's coefficients start `hot` bytes into its block, the cold child's `cold`. */
function pickCoefficients(hot: number[], cold: number[]): number[] {
  return [
    ...get(STATE), ...i32(LEFT_HOT), OP.i32Eq,
    OP.if, TYPE.emptyBlock,
      ...advance(LEFT_COEFFICIENTS, hot), ...advance(RIGHT_COEFFICIENTS, cold),
    OP.else,
      ...advance(LEFT_COEFFICIENTS, cold), ...advance(RIGHT_COEFFICIENTS, hot),
    OP.end,
  ];
}

function down(): number[] {
  const laneBytesTimes = (factor: number): number[] => [...get(LANE_BYTES), ...i32(Math.log2(factor)), OP.i32Shl];
  return [
    OP.loop, TYPE.emptyBlock,
    ...loadSplit(),
    ...get(SPLIT_AT), ...routeSplit(), ...tee(STATE), OP.i32Store8, ...memarg(0, SPLIT.state),
    ...splitI32(SPLIT.hotLeftAt), ...get(STATE), ...i32(LEFT_HOT), OP.i32Eq, OP.i32Store8, ...memarg(0),
    ...splitI32(SPLIT.hotRightAt), ...get(STATE), ...i32(RIGHT_HOT), OP.i32Eq, OP.i32Store8, ...memarg(0),
    ...get(STATE), OP.i32Eqz,
    OP.if, TYPE.emptyBlock,
      ...get(LEFT_COEFFICIENTS), ...laneBytesTimes(4), OP.i32Add, OP.f64Load, ...memarg(3), ...simd(SIMD.f64x2Splat), ...set(LEFT_VECTOR),
      ...get(RIGHT_COEFFICIENTS), ...laneBytesTimes(4), OP.i32Add, OP.f64Load, ...memarg(3), ...simd(SIMD.f64x2Splat), ...set(RIGHT_VECTOR),
      ...overLanes([
        ...loadVector(NODE_LANES), ...set(NODE_VECTOR),
        ...vectorAt(LEFT_LANES), ...get(NODE_VECTOR), ...get(LEFT_VECTOR), ...simd(SIMD.f64x2Mul), ...simd(SIMD.v128Store, ...memarg(3)),
        ...vectorAt(RIGHT_LANES), ...get(NODE_VECTOR), ...get(RIGHT_VECTOR), ...simd(SIMD.f64x2Mul), ...simd(SIMD.v128Store, ...memarg(3)),
      ]),
    OP.else,
      ...pickCoefficients(i32(0), get(LANE_BYTES)),
      ...overLanes([
        ...loadVector(NODE_LANES), ...set(NODE_VECTOR),
        ...vectorAt(LEFT_LANES), ...get(NODE_VECTOR), ...loadVector(LEFT_COEFFICIENTS), ...simd(SIMD.f64x2Mul), ...simd(SIMD.v128Store, ...memarg(3)),
        ...vectorAt(RIGHT_LANES), ...get(NODE_VECTOR), ...loadVector(RIGHT_COEFFICIENTS), ...simd(SIMD.f64x2Mul), ...simd(SIMD.v128Store, ...memarg(3)),
      ]),
    OP.end,
    ...get(SPLIT_AT), ...i32(SPLIT.bytes), OP.i32Add, ...tee(SPLIT_AT), ...get(SPLITS_END), OP.i32LtU, OP.brIf, 0,
    OP.end,
  ];
}

function up(): number[] {
  return [
    OP.loop, TYPE.emptyBlock,
    ...get(SPLIT_AT), ...i32(SPLIT.bytes), OP.i32Sub, ...set(SPLIT_AT),
    ...loadSplit(),
    ...splitU8(SPLIT.state), ...tee(STATE), OP.i32Eqz,
    OP.if, TYPE.emptyBlock,
      ...overLanes([...vectorAt(NODE_LANES), ...loadVector(LEFT_LANES), ...loadVector(RIGHT_LANES), ...simd(SIMD.f64x2Add), ...simd(SIMD.v128Store, ...memarg(3))]),
    OP.else,
      // Hot deltas start 2 × laneBytes into a block, cold deltas 3 × laneBytes.
      ...pickCoefficients([...get(LANE_BYTES), ...i32(1), OP.i32Shl], [...get(LANE_BYTES), ...i32(1), OP.i32Shl, ...get(LANE_BYTES), OP.i32Add]),
      ...f64(0), ...simd(SIMD.f64x2Splat), ...set(SUM),
      ...overLanes([
        ...loadVector(LEFT_LANES), ...set(LEFT_VECTOR),
        ...loadVector(RIGHT_LANES), ...set(RIGHT_VECTOR),
        ...get(SUM),
        ...get(LEFT_VECTOR), ...loadVector(LEFT_COEFFICIENTS), ...simd(SIMD.f64x2Mul),
        ...get(RIGHT_VECTOR), ...loadVector(RIGHT_COEFFICIENTS), ...simd(SIMD.f64x2Mul),
        ...simd(SIMD.f64x2Add), ...simd(SIMD.f64x2Add), ...set(SUM),
        ...vectorAt(NODE_LANES), ...get(LEFT_VECTOR), ...get(RIGHT_VECTOR), ...simd(SIMD.f64x2Add), ...simd(SIMD.v128Store, ...memarg(3)),
      ]),
      // phi[feature] += even lanes' sum + odd lanes' sum
      ...splitI32(SPLIT.phiAt), ...tee(CODE), ...get(CODE), OP.f64Load, ...memarg(3),
      ...get(SUM), ...simd(SIMD.f64x2ExtractLane, 0), ...get(SUM), ...simd(SIMD.f64x2ExtractLane, 1), OP.f64Add,
      OP.f64Add, OP.f64Store, ...memarg(3),
    OP.end,
    ...get(SPLIT_AT), ...get(SPLITS_START), OP.i32GtU, OP.brIf, 0,
    OP.end,
  ];
}

function explainBody(): number[] {
  const locals: [number, number][] = [
    [12, TYPE.i32], // SPLIT_AT … CODE
    [1, TYPE.f64], // X
    [4, TYPE.v128], // LEFT_VECTOR, RIGHT_VECTOR, NODE_VECTOR, SUM
  ];
  const code = [
    OP.loop, TYPE.emptyBlock, // trees
    ...get(TREE_AT), OP.i32Load, ...memarg(2, TREE.splitsAt), ...tee(SPLIT_AT), ...set(SPLITS_START),
    ...get(TREE_AT), OP.i32Load, ...memarg(2, TREE.splitsEnd), ...set(SPLITS_END),
    ...get(TREE_AT), OP.i32Load, ...memarg(2, TREE.laneBytes), ...set(LANE_BYTES),
    // The root is the first split's node: its lanes start the products at 1.
    ...splitI32(SPLIT.nodeLanes), ...set(NODE_LANES),
    ...overLanes([...vectorAt(NODE_LANES), ...f64(1), ...simd(SIMD.f64x2Splat), ...simd(SIMD.v128Store, ...memarg(3))]),
    ...down(),
    ...up(),
    ...get(TREE_AT), ...i32(TREE.bytes), OP.i32Add, ...tee(TREE_AT), ...get(TREES_END), OP.i32LtU, OP.brIf, 0,
    OP.end,
    OP.end, // the function
  ];
  return functionBody(locals, code);
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return oneFunctionModule('explain', 2, explainBody());
}

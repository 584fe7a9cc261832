import type { TreeModel } from '../../gbdt/tree-model.ts';
import { coverShares, goesLeft } from './brute-force-shapley.ts';

/**
 * Path-dependent Shapley values in 256-bit fixed point, for checking TreeSHAP on paths too long for
 * the brute force (which enumerates subsets, ≤ 12 features) and too ill-conditioned for Algorithm 2
 * (whose unwinding divides by cover shares). Per leaf of value v whose path splits on the distinct
 * features P, with z_j the product of the cover shares of the path's splits on j and o_j whether
 * the row goes this way at all of them, feature i gets v·(o_i − z_i)·∫₀¹ Π_{j∈P, j≠i} (z_j + t(o_j − z_j)) dt
 * (the explain README derives it; `reference-agreement.test.ts` checks it against the brute force).
 * The polynomial is expanded and integrated term by term; every double is exact in fixed point and
 * each product loses under 2^-256. O(L · D³) big-integer operations per tree: for tests only.
 */
export function exactShapley(model: TreeModel, values: Float64Array): Float64Array {
  const phi = new Array<bigint>(model.features.length).fill(0n);
  for (const tree of model.trees) {
    const walk = (index: number, path: Map<number, { zero: bigint; one: boolean }>): void => {
      const node = tree.nodes[index]!;
      if (node.kind === 'leaf') {
        for (const [feature, { zero, one }] of path) {
          let polynomial = [ONE];
          for (const [other, factor] of path) {
            if (other === feature) continue;
            const slope = (factor.one ? ONE : 0n) - factor.zero;
            const next = new Array<bigint>(polynomial.length + 1).fill(0n);
            polynomial.forEach((coefficient, power) => {
              next[power]! += times(coefficient, factor.zero);
              next[power + 1]! += times(coefficient, slope);
            });
            polynomial = next;
          }
          const integral = polynomial.reduce((sum, coefficient, power) => sum + coefficient / BigInt(power + 1), 0n);
          phi[feature]! += times(times(fixed(node.value), (one ? ONE : 0n) - zero), integral);
        }
        return;
      }
      const shares = coverShares(tree, node);
      const rowGoesLeft = goesLeft(node, values[node.feature]!);
      [node.left, node.right].forEach((child, side) => {
        const before = path.get(node.feature) ?? { zero: ONE, one: true };
        const next = new Map(path);
        next.set(node.feature, { zero: times(before.zero, fixed(shares[side]!)), one: before.one && rowGoesLeft === (side === 0) });
        walk(child, next);
      });
    };
    walk(0, new Map());
  }
  return Float64Array.from(phi, toNumber);
}

const BITS = 256n;
const ONE = 1n << BITS;

function times(a: bigint, b: bigint): bigint {
  return (a * b) >> BITS;
}

/** A double as fixed point, exactly (every double here is at least 2^-256 or zero). */
function fixed(value: number): bigint {
  if (value === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(biased === 0 ? -1074 : biased - 1075) + BITS;
  const magnitude = shift >= 0n ? mantissa << shift : mantissa >> -shift;
  return bits >> 63n ? -magnitude : magnitude;
}

function toNumber(value: bigint): number {
  // The top bits as an integer, then scaled: exact to double precision for |value| < 2^53.
  return Number(value >> (BITS - 200n)) / 2 ** 200;
}

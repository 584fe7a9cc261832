/**
 * Stepping between float32 values. The ONNX input is float32, so every feature value reaches the
 * graph rounded to the nearest float32 (`Math.fround`); thresholds are chosen among float32 values
 * so that the comparison in the graph is between two float32 numbers, as exact as it can be.
 */

const bits = new Float32Array(1);
const words = new Uint32Array(bits.buffer);

export const FLOAT32_MAX = Math.fround(3.4028234663852886e38);

/** The largest float32 strictly below `value`, itself a float32 (not NaN, not -Infinity). */
export function previousFloat32(value: number): number {
  if (value === Number.POSITIVE_INFINITY) return FLOAT32_MAX;
  if (value === 0) return -Math.fround(1.401298464324817e-45);
  bits[0] = value;
  // Positive floats order like their bit patterns; negative ones in reverse.
  words[0] = value > 0 ? words[0]! - 1 : words[0]! + 1;
  return bits[0]!;
}

/** The largest float32 at or below `value` (rounding towards -Infinity, where fround rounds to nearest). */
export function float32AtOrBelow(value: number): number {
  const nearest = Math.fround(value);
  return nearest > value ? previousFloat32(nearest) : nearest;
}

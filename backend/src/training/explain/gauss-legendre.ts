/**
 * Gauss–Legendre quadrature on [0, 1]: `points` nodes and positive weights with which
 * Σ weight·f(node) is exactly ∫₀¹ f(t) dt for every polynomial f of degree < 2·points (up to float
 * rounding). TreeSHAP uses it to integrate the Shapley weights (README.md, "The algorithm").
 *
 * Each node is the root of the Legendre polynomial P_points found by Newton's method from the
 * usual cosine estimate, which converges to full double precision in a few steps; a weight is
 * 2 / ((1 − x²) P′(x)²) on [−1, 1], halved for [0, 1]. Nodes come in increasing order.
 */
export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, Quadrature>();

export function gaussLegendre(points: number): Quadrature {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`A quadrature needs a whole number of points ≥ 1, not ${points}`);
  let quadrature = cache.get(points);
  if (!quadrature) {
    quadrature = computeGaussLegendre(points);
    cache.set(points, quadrature);
  }
  return quadrature;
}

function computeGaussLegendre(points: number): Quadrature {
  const nodes = new Float64Array(points);
  const weights = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    // The i-th root from the top on [−1, 1], mapped below to the i-th node from the bottom on [0, 1].
    let x = Math.cos((Math.PI * (i + 0.75)) / (points + 0.5));
    let legendre = legendreAt(points, x);
    for (let step = 0; step < 100; step++) {
      const change = legendre.value / legendre.derivative;
      x -= change;
      legendre = legendreAt(points, x);
      if (Math.abs(change) <= 1e-16) break;
    }
    nodes[i] = (1 - x) / 2;
    weights[i] = 1 / ((1 - x * x) * legendre.derivative * legendre.derivative);
  }
  return { nodes, weights };
}

/** P_n(x) by the three-term recurrence, and its derivative n(x·P_n − P_{n−1}) / (x² − 1). */
function legendreAt(n: number, x: number): { value: number; derivative: number } {
  let previous = 1;
  let value = x;
  for (let k = 2; k <= n; k++) {
    const next = ((2 * k - 1) * x * value - (k - 1) * previous) / k;
    previous = value;
    value = next;
  }
  return { value, derivative: (n * (x * value - previous)) / (x * x - 1) };
}

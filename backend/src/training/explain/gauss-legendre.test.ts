import assert from 'node:assert/strict';
import { gaussLegendre } from './gauss-legendre.ts';

function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}

describe('Gauss–Legendre quadrature on [0, 1]', () => {
  it('should integrate every polynomial of degree < 2 × points exactly, the Shapley weights among them', () => {
    for (const points of [1, 2, 3, 4, 5, 8, 13, 21, 40]) {
      const { nodes, weights } = gaussLegendre(points);
      assert.equal(nodes.length, points);
      for (let i = 0; i < points; i++) {
        assert.ok(nodes[i]! > 0 && nodes[i]! < 1 && weights[i]! > 0, `node ${nodes[i]}, weight ${weights[i]}`);
        if (i > 0) assert.ok(nodes[i]! > nodes[i - 1]!, 'nodes in increasing order');
      }
      for (let power = 0; power < 2 * points; power++) {
        const sum = nodes.reduce((total, t, i) => total + weights[i]! * t ** power, 0);
        assert.ok(Math.abs(sum * (power + 1) - 1) < 1e-13, `∫ t^${power} with ${points} points: ${sum}`);
      }
      // ∫ t^s (1 − t)^(d − 1 − s) dt = s! (d − 1 − s)! / d!, the weight of a subset of s of d players.
      const players = 2 * points;
      for (let size = 0; size < players; size++) {
        const sum = nodes.reduce((total, t, i) => total + weights[i]! * t ** size * (1 - t) ** (players - 1 - size), 0);
        const exact = (factorial(size) * factorial(players - 1 - size)) / factorial(players);
        assert.ok(Math.abs(sum / exact - 1) < 1e-12, `subsets of ${size} of ${players}: ${sum} vs ${exact}`);
      }
    }
  });

  it('should make each rule once and refuse a count that is not a whole number ≥ 1', () => {
    assert.equal(gaussLegendre(6), gaussLegendre(6));
    assert.throws(() => gaussLegendre(0), RangeError);
    assert.throws(() => gaussLegendre(2.5), RangeError);
  });
});

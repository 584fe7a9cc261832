import assert from 'node:assert/strict';
import { SeededRandom, weightedChoice } from './seeded-random.ts';

function draws(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.next());
}

describe('seeded random', () => {
  it('should repeat the same sequence for the same key', () => {
    assert.deepEqual(draws(new SeededRandom(42, 1, 7), 100), draws(new SeededRandom(42, 1, 7), 100));
  });

  it('should give different sequences for neighbouring seeds, streams and indexes', () => {
    const reference = draws(new SeededRandom(42, 1, 7), 10);
    for (const other of [new SeededRandom(43, 1, 7), new SeededRandom(42, 2, 7), new SeededRandom(42, 1, 8), new SeededRandom(42, 1, 7 + 2 ** 32)]) {
      assert.notDeepEqual(draws(other, 10), reference);
    }
  });

  it('should restart a sequence when reseeded with its key', () => {
    const random = new SeededRandom(5, 0, 0);
    const first = draws(random, 20);
    random.reseed(9, 9, 9);
    draws(random, 3);
    random.reseed(5, 0, 0);
    assert.deepEqual(draws(random, 20), first);
  });

  it('should draw uniformly in [0, 1)', () => {
    const random = new SeededRandom(1);
    const values = draws(random, 100_000);
    assert.ok(values.every((value) => value >= 0 && value < 1));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
    const deciles = new Array(10).fill(0);
    for (const value of values) deciles[Math.floor(value * 10)]++;
    assert.ok(deciles.every((count) => Math.abs(count - 10_000) < 500), `deciles ${deciles.join(' ')}`);
  });

  it('should draw weighted choices at their shares', () => {
    const choice = weightedChoice([
      ['a', 1],
      ['b', 3],
      ['c', 6],
    ] as const);
    const random = new SeededRandom(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let draw = 0; draw < 100_000; draw++) counts[random.choose(choice)]++;
    assert.ok(Math.abs(counts.a - 10_000) < 600 && Math.abs(counts.b - 30_000) < 900 && Math.abs(counts.c - 60_000) < 900, JSON.stringify(counts));
  });

  it('should draw normal and Poisson values with the requested means', () => {
    const random = new SeededRandom(4);
    const normals = Array.from({ length: 50_000 }, () => random.normal(10, 2));
    const normalMean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const normalSd = Math.sqrt(normals.reduce((sum, value) => sum + (value - normalMean) ** 2, 0) / normals.length);
    assert.ok(Math.abs(normalMean - 10) < 0.05 && Math.abs(normalSd - 2) < 0.05, `${normalMean} ${normalSd}`);
    const counts = Array.from({ length: 50_000 }, () => random.poisson(3.5));
    const poissonMean = counts.reduce((sum, value) => sum + value, 0) / counts.length;
    assert.ok(Math.abs(poissonMean - 3.5) < 0.05, `${poissonMean}`);
  });
});

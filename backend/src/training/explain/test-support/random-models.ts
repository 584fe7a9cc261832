import { SeededRandom } from '../../gbdt/seeded-random.ts';
import { TREE_MODEL_FORMAT, type TreeModel, type TreeModelFeature, type TreeNode } from '../../gbdt/tree-model.ts';

/**
 * Random hand-made models for the explainer's tests, reaching what trained ones rarely do: deep
 * paths that split on one feature many times, children without cover, covers that do not add up
 * to their parent's, and categorical splits leaving codes unlisted. Features alternate numeric
 * (values in [0, 1)) and categorical (codes 0..5, of which a split lists only some).
 */
export function randomModel(seed: number, featureCount: number, treeCount: number, maxDepth: number): TreeModel {
  const random = new SeededRandom(seed);
  const features: TreeModelFeature[] = Array.from({ length: featureCount }, (_, index) =>
    index % 2 === 0 ? { name: `n${index}`, kind: 'numeric', categories: null } : { name: `c${index}`, kind: 'categorical', categories: ['a', 'b', 'c', 'd', 'e', 'f'] },
  );
  const trees = Array.from({ length: treeCount }, () => ({ nodes: randomTree(random, features, maxDepth) }));
  return { format: TREE_MODEL_FORMAT, formatVersion: 1, objective: 'binary-logistic', baseScore: random.next() - 0.5, learningRate: 0.1, features, trees };
}

function randomTree(random: SeededRandom, features: readonly TreeModelFeature[], maxDepth: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  // Breadth-first, so children always come after their parent.
  const queue: { index: number; depth: number }[] = [];
  const add = (depth: number): number => {
    nodes.push({ kind: 'leaf', value: 0, cover: 0, samples: 0 });
    queue.push({ index: nodes.length - 1, depth });
    return nodes.length - 1;
  };
  add(0);
  while (queue.length > 0) {
    const { index, depth } = queue.shift()!;
    const cover = random.next() < 0.05 ? 0 : 0.5 + 10 * random.next();
    const value = 2 * random.next() - 1;
    if (depth >= maxDepth || (depth > 0 && random.next() < 0.25)) {
      nodes[index] = { kind: 'leaf', value, cover, samples: 1 };
      continue;
    }
    // Few distinct features per tree, so that paths split on the same one again.
    const feature = random.int(Math.min(features.length, 3 + random.int(features.length)));
    const common = { feature, missingGoesLeft: random.next() < 0.5, gain: 1, cover, samples: 1, value };
    const left = add(depth + 1);
    const right = add(depth + 1);
    if (features[feature]!.kind === 'numeric') {
      nodes[index] = { kind: 'numeric', ...common, left, right, threshold: random.next() };
    } else {
      const leftCategories: number[] = [];
      const rightCategories: number[] = [];
      for (let code = 0; code < 6; code++) {
        const draw = random.next();
        if (draw < 0.35) leftCategories.push(code);
        else if (draw < 0.7) rightCategories.push(code);
      }
      nodes[index] = { kind: 'categorical', ...common, left, right, leftCategories, rightCategories, unseenGoesLeft: random.next() < 0.5 };
    }
  }
  return nodes;
}

/** A row for `randomModel`'s features, sometimes missing, infinite, or an unlisted or fractional code. */
export function randomRow(random: SeededRandom, model: TreeModel): Float64Array {
  return Float64Array.from(model.features, (feature) => {
    const draw = random.next();
    if (draw < 0.1) return Number.NaN;
    if (draw < 0.13) return random.next() < 0.5 ? Infinity : -Infinity;
    if (feature.kind === 'numeric') return random.next();
    if (draw < 0.18) return [7, 2.5, -1][random.int(3)]!;
    return random.int(6);
  });
}

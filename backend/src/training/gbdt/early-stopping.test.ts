import assert from 'node:assert/strict';
import { meanLogLoss } from './log-loss.ts';
import { predictRaw } from './predict.ts';
import { splitRows } from './test-support/feature-matrices.ts';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt } from './train-gbdt.ts';

describe('gradient-boosted trees early stopping', function () {
  this.timeout(60_000);
  // Few rows, deep trees and a high learning rate: the validation loss turns up after a few rounds.
  const { matrix } = plantedData(3_000, 31);
  const [train, validation] = splitRows(matrix, 2_000);
  const overfitting = { rounds: 300, learningRate: 0.3, maxLeaves: 63, minSamplesLeaf: 2, earlyStoppingRounds: 8 };

  it('should stop once the validation loss has not improved for earlyStoppingRounds rounds and keep the best round\'s trees', async () => {
    const result = await trainGbdt(train, { validation, params: overfitting });
    assert.equal(result.stoppedEarly, true);
    assert.ok(result.roundsTrained < 300);
    assert.equal(result.roundsTrained, result.bestRound + 8);
    assert.equal(result.model.trees.length, result.bestRound);

    const losses = result.history.map((round) => round.validationLoss!);
    const best = Math.min(...losses);
    assert.equal(losses[result.bestRound - 1], best);
    assert.ok(losses.slice(result.bestRound).every((loss) => loss >= best));
  });

  it('should predict with the kept trees exactly what training measured at the best round', async () => {
    const result = await trainGbdt(train, { validation, params: overfitting });
    const validationLoss = meanLogLoss(predictRaw(result.model, validation), validation.labels!);
    assert.ok(Math.abs(validationLoss - result.history[result.bestRound - 1]!.validationLoss!) < 1e-12);
    const trainScores = predictRaw(result.model, train);
    for (let row = 0; row < train.rowCount; row++) assert.ok(Math.abs(trainScores[row]! - result.trainRawScores[row]!) <= 1e-12);
  });

  it('should measure every round the loss the model has on raw values, for codes and values training never saw as well', async () => {
    const validationRows = plantedData(1_000, 32).matrix;
    const [segment, score, , , income, , noiseCategory] = validationRows.columns;
    for (let row = 0; row < validationRows.rowCount; row += 7) {
      segment![row] = 10 + (row % 3); // codes no training row had
      score![row] = row % 2 === 0 ? Number.POSITIVE_INFINITY : 1e9;
      income![row] = Number.NEGATIVE_INFINITY;
      noiseCategory![row] = Number.NaN;
    }
    // Eight category bins for the ten segments: the rarest codes share the last bin.
    const params = { rounds: 12, maxLeaves: 15, minSamplesLeaf: 5, maxCategoryBins: 8, earlyStoppingRounds: null };
    const result = await trainGbdt(train, { validation: validationRows, params });
    result.history.forEach((round, index) => {
      const firstTrees = { ...result.model, trees: result.model.trees.slice(0, index + 1) };
      assert.equal(round.validationLoss, meanLogLoss(predictRaw(firstTrees, validationRows), validationRows.labels!), `round ${index + 1}`);
    });
  });

  it('should train every round without a validation set, or when earlyStoppingRounds is null', async () => {
    const without = await trainGbdt(train, { params: { ...overfitting, rounds: 20 } });
    assert.deepEqual([without.roundsTrained, without.bestRound, without.stoppedEarly, without.model.trees.length], [20, 20, false, 20]);
    assert.ok(without.history.every((round) => round.validationLoss === null));
    const never = await trainGbdt(train, { validation, params: { ...overfitting, rounds: 40, earlyStoppingRounds: null } });
    assert.deepEqual([never.roundsTrained, never.bestRound, never.model.trees.length], [40, 40, 40]);
    assert.ok(never.history.at(-1)!.bestRound < 40, 'the progress still tells which round validated best');
  });
});

import assert from 'node:assert/strict';
import { featureImportance } from './feature-importance.ts';
import { splitRows } from './test-support/feature-matrices.ts';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt, type GbdtRoundProgress } from './train-gbdt.ts';

describe('gradient-boosted trees progress, cancellation and importance', function () {
  this.timeout(30_000);
  const { matrix } = plantedData(4_000, 51);
  const [train, validation] = splitRows(matrix, 3_000);

  it('should report every round with its training and validation loss', async () => {
    const rounds: GbdtRoundProgress[] = [];
    const result = await trainGbdt(train, { validation, params: { rounds: 12, earlyStoppingRounds: null }, onRound: (progress) => rounds.push(progress) });
    assert.deepEqual(
      rounds.map((progress) => progress.round),
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    assert.deepEqual(rounds, result.history);
    assert.ok(rounds.every((progress) => progress.rounds === 12 && progress.validationLoss! > 0));
    for (let index = 1; index < rounds.length; index++) assert.ok(rounds[index]!.trainLoss < rounds[index - 1]!.trainLoss, 'the training loss falls every round');
  });

  it('should stop between rounds when the signal is aborted, with the signal\'s reason', async () => {
    const controller = new AbortController();
    let lastRound = 0;
    const training = trainGbdt(train, {
      params: { rounds: 50 },
      signal: controller.signal,
      onRound: (progress) => {
        lastRound = progress.round;
        if (progress.round === 3) controller.abort(new Error('cancelled by the user'));
      },
    });
    await assert.rejects(training, /cancelled by the user/);
    assert.equal(lastRound, 3);
  });

  it('should notice an abort that arrives from a timer while training runs', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    await assert.rejects(trainGbdt(train, { params: { rounds: 100_000 }, signal: controller.signal }), { name: 'AbortError' });
  });

  it('should total the gain and count the splits per feature', async () => {
    const { model, importance } = await trainGbdt(train, { params: { rounds: 8 } });
    assert.deepEqual(importance, featureImportance(model));
    assert.deepEqual(
      importance.map((entry) => entry.feature),
      train.features.map((feature) => feature.name),
    );
    let splits = 0;
    let gain = 0;
    for (const tree of model.trees) {
      for (const node of tree.nodes) {
        if (node.kind === 'leaf') continue;
        splits++;
        gain += node.gain;
      }
    }
    assert.equal(importance.reduce((sum, entry) => sum + entry.splits, 0), splits);
    assert.ok(Math.abs(importance.reduce((sum, entry) => sum + entry.gain, 0) - gain) < 1e-9 * gain);
  });
});

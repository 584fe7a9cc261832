import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { SESSION_OPTIONS } from '../../training/onnx/session-options.ts';
import { inspectUploadedModel, type UploadedModelOptions } from './inspect-uploaded-model.ts';
import { createUploadedModelScorer, type UploadedRecordScore } from './uploaded-model-scorer.ts';

/**
 * Models converted by skl2onnx 1.11.2, kept beside the repository in ../shared/data for measuring
 * the project. A user's clone has no such folder, so these tests skip themselves without it.
 */
const MODELS = path.resolve(import.meta.dirname, '../../../../../shared/data/onnx-models');

function readModel(file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(MODELS, file)));
}

async function score(bytes: Uint8Array, options: UploadedModelOptions, records: Record<string, unknown>[]): Promise<UploadedRecordScore[]> {
  const { inspection, servingBytes } = await inspectUploadedModel(bytes, options);
  const scorer = await createUploadedModelScorer(inspection, servingBytes);
  try {
    return await scorer(records);
  } finally {
    await scorer.release();
  }
}

/** CPU time (user + system, ms) of each of this process's threads, by thread id (Linux). */
function threadCpuMs(): Map<string, number> {
  const ticksPerMs = 100 / 1000; // USER_HZ, 100 on Linux
  const times = new Map<string, number>();
  for (const thread of readdirSync('/proc/self/task')) {
    try {
      // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
      times.set(thread, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

const probabilities = (scores: UploadedRecordScore[]): number[] =>
  scores.map((entry) => {
    assert.equal(entry.problem, undefined);
    return entry.probability!;
  });

describe('models converted by skl2onnx', function () {
  this.timeout(60_000);

  before(function () {
    // Not part of a user's clone: see ../shared/data/README.md.
    if (!existsSync(MODELS)) this.skip();
  });

  describe('logreg_iris (LogisticRegression, ZipMap with int64 labels)', () => {
    const file = 'logreg_iris.skl2onnx-1.11.2.onnx';
    const expected = (): { rows: { x: number[]; probabilities: number[] }[] } => JSON.parse(readFileSync(path.join(MODELS, 'logreg_iris.skl2onnx-1.11.2.derived_expected.json'), 'utf8'));

    it('is served without its ZipMap, the probability output declared float [N, 3]', async () => {
      const { inspection } = await inspectUploadedModel(readModel(file), { mapping: { kind: 'tensor', fields: ['sepal_length', 'sepal_width'] }, positive: '2' });
      assert.deepEqual(inspection.classLabels, ['0', '1', '2']);
      assert.deepEqual(inspection.inputs, [{ name: 'X', type: 'float [?, 2]', elementType: 'float', shape: [null, 2] }]);
      assert.deepEqual(
        inspection.outputs.map((output) => `${output.name}: ${output.type}`),
        ['output_label: int64 [?]', 'probabilities: float [N, 3]'],
      );
      assert.deepEqual(inspection.producer, { name: 'skl2onnx', version: '1.11.2' });
      assert.equal(inspection.batching, 'any');
    });

    it('scores every class as the derived expected probabilities, within 1e-5', async () => {
      const { rows } = expected();
      const records = rows.map((row) => ({ sepal_length: row.x[0], sepal_width: row.x[1] }));
      for (const positive of ['0', '1', '2']) {
        const scores = probabilities(await score(readModel(file), { mapping: { kind: 'tensor', fields: ['sepal_length', 'sepal_width'] }, positive }, records));
        rows.forEach((row, index) => assert.ok(Math.abs(scores[index]! - row.probabilities[Number(positive)]!) <= 1e-5, `class ${positive}, row ${index}: ${scores[index]} vs ${row.probabilities[Number(positive)]}`));
      }
    });

    it('refuses an unknown positive class, listing the three', async () => {
      await assert.rejects(inspectUploadedModel(readModel(file), { mapping: { kind: 'tensor', fields: ['a', 'b'] }, positive: 'setosa' }), /The model has no class "setosa"; its classes are "0", "1", "2"/);
    });
  });

  describe('rf_iris (RandomForestClassifier, TreeEnsembleClassifier)', () => {
    const file = 'rf_iris.skl2onnx-1.11.2.onnx';
    const fields = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
    const records = [
      [5.1, 3.5, 1.4, 0.2],
      [6.2, 2.9, 4.3, 1.3],
      [7.7, 3.0, 6.1, 2.3],
      [5.9, 3.0, 5.1, 1.8],
      ['4.9', '3.0', '1.4', '0.2'],
    ].map((values) => Object.fromEntries(fields.map((field, index) => [field, values[index]])));

    it('loads and scores rows whose class probabilities sum to 1', async () => {
      const byClass: number[][] = [];
      for (const positive of ['0', '1', '2']) byClass.push(probabilities(await score(readModel(file), { mapping: { kind: 'tensor', fields }, positive }, records)));
      records.forEach((_, row) => {
        const sum = byClass.reduce((total, scores) => total + scores[row]!, 0);
        assert.ok(Math.abs(sum - 1) <= 1e-5, `row ${row}: ${sum}`);
      });
      assert.ok(byClass[0]![0]! > 0.9, 'the first row is a setosa');
      assert.ok(byClass[2]![2]! > 0.9, 'the third row is a virginica');
    });

    it('refuses a field list of the wrong width', async () => {
      await assert.rejects(inspectUploadedModel(readModel(file), { mapping: { kind: 'tensor', fields: fields.slice(0, 3) }, positive: '1' }), /Input "float_input" takes 4 values per row \(float \[\?, 4\]\) but the mapping lists 3 fields/);
    });

    it('leaves no runtime thread busy between runs when scored a record at a time', async function () {
      if (!existsSync('/proc/self/task')) this.skip();
      // ONNX Runtime's thread pools busy-wait after each run by default: this model, scored once a
      // millisecond, then kept one of its threads at a full core. SESSION_OPTIONS, which every
      // session we open uses (the uploaded scorer's included), turns spinning off. How many threads
      // a session starts by default depends on the cores ONNX Runtime finds (some machines get
      // none), so this session asks for two: one of its own beside the calling thread, on any
      // machine. Only the threads the session started are watched (the garbage collector's may work).
      const { inspection, servingBytes } = await inspectUploadedModel(readModel(file), { mapping: { kind: 'tensor', fields }, positive: '1' });
      const [input] = inspection.inputs;
      const threadsBefore = new Set(threadCpuMs().keys());
      const session = await ort.InferenceSession.create(servingBytes, { ...SESSION_OPTIONS, intraOpNumThreads: 2 });
      try {
        const runtimeThreads = [...threadCpuMs().keys()].filter((thread) => !threadsBefore.has(thread));
        assert.ok(runtimeThreads.length > 0, 'the session started no threads of its own');
        const row = new ort.Tensor('float32', Float32Array.from([5.1, 3.5, 1.4, 0.2]), [1, 4]);
        const run = () => session.run({ [input!.name]: row });
        for (let warmUp = 0; warmUp < 20; warmUp++) await run();
        const before = threadCpuMs();
        const started = performance.now();
        while (performance.now() - started < 1000) {
          await run();
          await sleep(1);
        }
        const wallMs = performance.now() - started;
        const after = threadCpuMs();
        const busiest = Math.max(...runtimeThreads.map((thread) => (after.get(thread) ?? 0) - (before.get(thread) ?? 0)));
        assert.ok(busiest < wallMs / 4, `a runtime thread used ${busiest} ms of CPU in ${Math.round(wallMs)} ms`);
      } finally {
        await session.release();
      }
    });
  });

  describe('pipeline_titanic (ColumnTransformer + LogisticRegression, one input per column)', () => {
    const file = 'pipeline_titanic.skl2onnx-1.11.2.onnx';
    const mapping = { kind: 'named', inputs: { pclass: 'Pclass', sex: 'Sex', age: 'Age', fare: 'Fare', embarked: 'Embarked' } } as const;
    const passengers = [
      { Pclass: '1', Sex: 'female', Age: 29, Fare: 211.34, Embarked: 'S' },
      { Pclass: 3, Sex: 'male', Age: '22', Fare: '7.25', Embarked: 'S' },
      { Pclass: 2, Sex: 'female', Age: 14, Fare: 30.07, Embarked: 'C' },
      { Pclass: 3, Sex: 'male', Fare: 8.05, Embarked: 'S' },
    ];

    it('maps string and float inputs by name and scores sample passengers', async () => {
      const { inspection } = await inspectUploadedModel(readModel(file), { mapping });
      assert.deepEqual(
        inspection.feeds.map((feed) => `${feed.input}: ${feed.elementType}`),
        ['pclass: string', 'sex: string', 'age: float', 'fare: float', 'embarked: string'],
      );
      assert.deepEqual([inspection.classLabels, inspection.positiveLabel], [['0', '1'], '1']);

      const survived = await score(readModel(file), { mapping }, passengers);
      const [firstClassWoman, thirdClassMan, secondClassGirl] = probabilities(survived.slice(0, 3));
      for (const probability of [firstClassWoman!, thirdClassMan!, secondClassGirl!]) assert.ok(probability > 0 && probability < 1);
      assert.ok(firstClassWoman! > 0.8 && thirdClassMan! < 0.2, `${firstClassWoman} and ${thirdClassMan}`);
      assert.deepEqual(survived[3], { probability: null, problem: 'Age is missing' });

      const died = probabilities(await score(readModel(file), { mapping, positive: '0' }, passengers.slice(0, 3)));
      died.forEach((probability, index) => assert.ok(Math.abs(probability + survived[index]!.probability! - 1) <= 1e-6));
    });

    it('reports an unmapped input and a misspelt one', async () => {
      await assert.rejects(
        inspectUploadedModel(readModel(file), { mapping: { kind: 'named', inputs: { pclass: 'Pclass', sex: 'Sex', age: 'Age', fares: 'Fare' } } }),
        /The mapping names input "fares", which the model does not have\..* Input "fare" \(float \[\?, 1\]\) is not mapped.* Input "embarked" \(string \[\?, 1\]\) is not mapped/,
      );
    });
  });
});

import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createPinnedScoreCache } from '../../src/functions/pinned-score-cache.ts';
import { createScoreBatcher, type ScoreRequest, type SendScoreRequest } from '../../src/functions/score-batcher.ts';
import { answer } from './support/score-responses.ts';

describe('the score batcher', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  const record = (revenue: number) => ({ Revenue: revenue, Industry: 'Retail' });
  const answering = () => sinon.stub<Parameters<SendScoreRequest>, ReturnType<SendScoreRequest>>().callsFake(async (request) => answer(request));

  it('should send N cells of one burst as at most ceil(N / batch size) requests, each cell getting its own rows', async () => {
    for (const [cells, batchSize] of [
      [1000, 10_000],
      [1000, 300],
      [600, 300],
      [7, 1],
    ] as const) {
      const send = answering();
      const batcher = createScoreBatcher({ send, batchSize });
      const calls = Array.from({ length: cells }, (_, cell) => batcher.score('Lead conversion', [record(cell)]));
      await clock.tickAsync(1000);
      const scored = await Promise.all(calls);
      assert.equal(send.callCount, Math.ceil(cells / batchSize), `${cells} cells, batches of ${batchSize}`);
      assert.ok(send.getCalls().every((call) => call.args[0].records.length <= batchSize));
      scored.forEach((scores, cell) => assert.equal(scores.results[0]!.probability, Math.min(0.99, cell / 1000)));
    }
  });

  it('should wait for the burst to go quiet, but not longer than the longest wait', async () => {
    const send = answering();
    const batcher = createScoreBatcher({ send, quietMs: 20, maxWaitMs: 100 });
    void batcher.score('Lead conversion', [record(1)]);
    await clock.tickAsync(15);
    void batcher.score('Lead conversion', [record(2)]);
    await clock.tickAsync(15);
    assert.equal(send.callCount, 0, 'a call 15 ms after the last is part of the burst');
    for (let elapsed = 30; elapsed < 100; elapsed += 10) {
      void batcher.score('Lead conversion', [record(elapsed)]);
      await clock.tickAsync(10);
    }
    assert.equal(send.callCount, 1, 'a burst that never goes quiet is sent after maxWaitMs');
    assert.equal(send.firstCall.args[0].records.length, 9);
  });

  it('should group calls by model reference and number of reasons, and send a range as one call of many records', async () => {
    const send = answering();
    const batcher = createScoreBatcher({ send });
    const range = batcher.score('Lead conversion', [record(1), record(2), record(3)]);
    const sameModelOtherSpelling = batcher.score('LEAD CONVERSION', [record(4)]);
    const otherModel = batcher.score('Opportunity win', [record(5)]);
    const explained = batcher.score('Lead conversion', [record(6)], { reasons: 3 });
    await clock.tickAsync(50);
    const requests = send.getCalls().map((call) => call.args[0]);
    assert.deepEqual(
      requests.map((request: ScoreRequest) => [request.model, request.reasons, request.records.length]),
      [
        ['Lead conversion', 0, 4],
        ['Opportunity win', 0, 1],
        ['Lead conversion', 3, 1],
      ],
    );
    assert.deepEqual((await range).results.map((result) => result.probability), [0.001, 0.002, 0.003]);
    assert.equal((await sameModelOtherSpelling).results[0]!.probability, 0.004);
    assert.equal((await otherModel).results[0]!.probability, 0.005);
    assert.equal((await explained).results[0]!.probability, 0.006);
  });

  it('should drop cancelled calls before sending, and send nothing when every call of a burst was cancelled', async () => {
    const send = answering();
    const batcher = createScoreBatcher({ send });
    const controllers = Array.from({ length: 10 }, () => new AbortController());
    const calls = Promise.allSettled(controllers.map((controller, cell) => batcher.score('Lead conversion', [record(cell)], { signal: controller.signal })));
    for (const controller of controllers.filter((_, cell) => cell % 2 === 1)) controller.abort();
    await clock.tickAsync(50);
    assert.equal(send.callCount, 1);
    assert.deepEqual(
      send.firstCall.args[0].records.map((sent) => sent.Revenue),
      [0, 2, 4, 6, 8],
    );
    const settled = await calls;
    assert.deepEqual(
      settled.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).name : 'scored')),
      ['scored', 'AbortError', 'scored', 'AbortError', 'scored', 'AbortError', 'scored', 'AbortError', 'scored', 'AbortError'],
    );

    const quiet = answering();
    const idle = createScoreBatcher({ send: quiet });
    const lone = new AbortController();
    const cancelled = assert.rejects(idle.score('Lead conversion', [record(1)], { signal: lone.signal }), { name: 'AbortError' });
    lone.abort();
    await clock.tickAsync(500);
    assert.equal(quiet.callCount, 0);
    await cancelled;
    await assert.rejects(idle.score('Lead conversion', [record(1)], { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('should abort a request in flight once all its calls are cancelled, and ignore answers for cancelled calls', async () => {
    const signals: AbortSignal[] = [];
    let release!: () => void;
    const send = sinon.stub<Parameters<SendScoreRequest>, ReturnType<SendScoreRequest>>().callsFake(async (request, signal) => {
      signals.push(signal);
      await new Promise<void>((resolve) => (release = resolve));
      return answer(request);
    });
    const batcher = createScoreBatcher({ send });
    const first = new AbortController();
    const second = new AbortController();
    const kept = batcher.score('Lead conversion', [record(1)], { signal: first.signal });
    const dropped = assert.rejects(batcher.score('Lead conversion', [record(2)], { signal: second.signal }), { name: 'AbortError' });
    await clock.tickAsync(50);
    second.abort();
    assert.equal(signals[0]!.aborted, false, 'one call still wants the answer');
    release();
    assert.equal((await kept).results[0]!.probability, 0.001);
    await dropped;

    const lone = new AbortController();
    const abandoned = assert.rejects(batcher.score('Lead conversion', [record(3)], { signal: lone.signal }), { name: 'AbortError' });
    await clock.tickAsync(50);
    lone.abort();
    assert.equal(signals[1]!.aborted, true, 'nobody waits for this request any more');
    await abandoned;
  });

  it('should give a pinned version the same scores at every recalculation, without asking again', async () => {
    const send = answering();
    const batcher = createScoreBatcher({ send, cache: createPinnedScoreCache() });
    const burst = () => Promise.all([batcher.score('Lead conversion@3', [record(420)]), batcher.score('lead conversion @ 3', [{ Industry: 'Retail', Revenue: 430 }])]);
    const first = burst();
    await clock.tickAsync(50);
    const again = burst();
    await clock.tickAsync(50);
    assert.deepEqual(
      (await again).map((scores) => scores.results[0]!.probability),
      (await first).map((scores) => scores.results[0]!.probability),
    );
    assert.equal(send.callCount, 1, 'the second recalculation is answered from the pinned scores');

    const moving = createScoreBatcher({ send, cache: createPinnedScoreCache() });
    void moving.score('Lead conversion@champion', [record(1)]);
    await clock.tickAsync(50);
    void moving.score('Lead conversion@champion', [record(1)]);
    await clock.tickAsync(50);
    assert.equal(send.callCount, 3, 'an alias can move: its scores are always asked for');
  });

  it('should fail every call of a request that failed, and no other', async () => {
    const send = sinon.stub<Parameters<SendScoreRequest>, ReturnType<SendScoreRequest>>().callsFake(async (request) => {
      if (request.model === 'Broken') throw new Error('boom');
      return answer(request);
    });
    const batcher = createScoreBatcher({ send });
    const broken = [assert.rejects(batcher.score('Broken', [record(1)]), /boom/), assert.rejects(batcher.score('Broken', [record(2)]), /boom/)];
    const fine = batcher.score('Lead conversion', [record(3)]);
    await clock.tickAsync(50);
    await Promise.all(broken);
    assert.equal((await fine).results[0]!.probability, 0.003);
  });
});

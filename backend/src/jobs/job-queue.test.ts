import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { ValidationError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { defineJob, type JobDefinition } from './job-definition.ts';
import { startJobQueue, type JobQueue } from './job-queue.ts';

const logger = createLogger({ level: 'silent', format: 'json' });

/** A job whose handler waits until the test releases it, so the test controls what is "in flight". */
function controllableJob(queue: string, queueOptions: JobDefinition['queueOptions'] = {}) {
  let markStarted!: () => void;
  let release!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const definition = defineJob({
    queue,
    payload: z.object({ n: z.number() }),
    queueOptions,
    async handle({ n }) {
      markStarted();
      await released;
      return { doubled: n * 2 };
    },
  });
  return { definition, started, release };
}

async function stateOf(queue: JobQueue, name: string, id: string): Promise<string | undefined> {
  return (await queue.boss.getJobById(name, id))?.state;
}

describe('job queue', () => {
  const database = useTestDatabase();
  const started: JobQueue[] = [];
  const open = async () => {
    const queue = await startJobQueue({ url: database.url, logger });
    started.push(queue);
    return queue;
  };

  afterEach(async () => {
    // Queues a test already stopped are stopped again harmlessly.
    await Promise.all(started.splice(0).map((queue) => queue.stop(1000).catch(() => {})));
  });

  it('should run a job and keep its result', async () => {
    const worker = await open();
    const job = controllableJob('test.run');
    await worker.work([job.definition as JobDefinition<never>], { concurrency: 1 });
    const id = await worker.send(job.definition, { n: 21 });
    await job.started;
    job.release();
    for (let tries = 0; (await stateOf(worker, job.definition.queue, id)) !== 'completed'; tries++) {
      assert.ok(tries < 100, 'job did not complete');
      await sleep(50);
    }
    assert.deepEqual((await worker.boss.getJobById(job.definition.queue, id))?.output, { doubled: 42 });
  });

  it('should finish a job in flight before a graceful stop returns', async () => {
    const worker = await open();
    const job = controllableJob('test.graceful');
    await worker.work([job.definition as JobDefinition<never>], { concurrency: 1 });
    const id = await worker.send(job.definition, { n: 1 });
    await job.started;

    let stopped = false;
    const stopping = worker.stop(20_000).then(() => (stopped = true));
    await sleep(500);
    assert.equal(stopped, false, 'stop returned while the handler was still running');
    job.release();
    await stopping;

    const observer = await open();
    assert.equal(await stateOf(observer, job.definition.queue, id), 'completed');
  });

  it('should release a job still running at the shutdown deadline so another worker retries it', async () => {
    const worker = await open();
    const stuck = controllableJob('test.release', { retryLimit: 2 });
    await worker.work([stuck.definition as JobDefinition<never>], { concurrency: 1 });
    const id = await worker.send(stuck.definition, { n: 5 });
    await stuck.started;

    await worker.stop(1000);
    const observer = await open();
    assert.equal(await stateOf(observer, stuck.definition.queue, id), 'retry');

    // A fresh worker picks the released job up and completes it.
    const retried = controllableJob('test.release', { retryLimit: 2 });
    retried.release();
    await observer.work([retried.definition as JobDefinition<never>], { concurrency: 1 });
    for (let tries = 0; (await stateOf(observer, stuck.definition.queue, id)) !== 'completed'; tries++) {
      assert.ok(tries < 200, 'released job was not retried');
      await sleep(50);
    }
    stuck.release();
  });

  it('should stop taking new work once stopping', async () => {
    const worker = await open();
    const job = controllableJob('test.no-new-work');
    job.release();
    await worker.work([job.definition as JobDefinition<never>], { concurrency: 1 });
    await worker.stop(1000);

    const sender = await open();
    const id = await sender.send(job.definition, { n: 3 });
    await sleep(700);
    assert.equal(await stateOf(sender, job.definition.queue, id), 'created');
  });

  it('should refuse to send a payload that does not match the job definition', async () => {
    const queue = await open();
    const job = controllableJob('test.validate');
    await assert.rejects(
      queue.send(job.definition, { n: 'three' } as never),
      (error: unknown) => error instanceof ValidationError && error.details?.[0]?.field === 'payload.n',
    );
  });

  it('should fail a malformed queued job with its cause and keep working', async () => {
    const worker = await open();
    const job = controllableJob('test.malformed', { retryLimit: 0 });
    job.release();
    await worker.work([job.definition as JobDefinition<never>], { concurrency: 1 });
    // Written past our validation, as a row from an older deploy would be.
    const badId = (await worker.boss.send(job.definition.queue, { n: 'not a number' }))!;
    const goodId = await worker.send(job.definition, { n: 2 });
    for (let tries = 0; (await stateOf(worker, job.definition.queue, goodId)) !== 'completed'; tries++) {
      assert.ok(tries < 100, 'the good job did not complete');
      await sleep(50);
    }
    const bad = await worker.boss.getJobById(job.definition.queue, badId);
    assert.equal(bad?.state, 'failed');
    assert.match(JSON.stringify(bad?.output), /Invalid payload/);
  });
});

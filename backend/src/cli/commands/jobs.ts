import { startJobQueue } from '../../jobs/job-queue.ts';
import { systemPingJob } from '../../jobs/system.jobs.ts';
import { CliError, commandContext, withDatabase } from '../context.ts';

/** Sends a ping job and waits for a worker to complete it: tells an operator whether any worker is consuming. */
export async function jobsPing(options: { timeoutSeconds: number }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ url }) => {
    const jobQueue = await startJobQueue({ url, logger });
    try {
      const started = performance.now();
      const jobId = await jobQueue.send(systemPingJob, { sentAt: new Date().toISOString() });
      const deadline = Date.now() + options.timeoutSeconds * 1000;
      for (;;) {
        const job = await jobQueue.boss.getJobById(systemPingJob.queue, jobId);
        if (job?.state === 'completed') {
          const output = job.output as { pid?: number } | undefined;
          process.stdout.write(`A worker (pid ${output?.pid ?? '?'}) answered in ${Math.round(performance.now() - started)} ms.\n`);
          return;
        }
        if (job?.state === 'failed') throw new CliError(`The ping job failed: ${JSON.stringify(job.output)}`);
        if (Date.now() > deadline) {
          await jobQueue.boss.cancel(systemPingJob.queue, jobId);
          throw new CliError(`No worker answered within ${options.timeoutSeconds} s. Is \`scorebridge worker\` (or \`npm start\`) running against this database?`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await jobQueue.stop(1000);
    }
  });
}

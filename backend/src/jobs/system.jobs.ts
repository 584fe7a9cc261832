import { z } from 'zod';
import { defineJob } from './job-definition.ts';
import { QUEUES } from './queues.ts';

export const systemPingJob = defineJob({
  queue: QUEUES.systemPing,
  payload: z.object({ sentAt: z.iso.datetime() }),
  queueOptions: { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3600 },
  async handle({ sentAt }) {
    return { sentAt, handledAt: new Date().toISOString(), pid: process.pid };
  },
});

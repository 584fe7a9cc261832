import { crmSyncJob } from '../crm/crm.jobs.ts';
import { crmWritebackJob } from '../crm/writeback/writeback.jobs.ts';
import type { SyncDeps } from '../crm/sync/sync-runner.ts';
import { retrainDueJob } from '../registry/retraining.jobs.ts';
import { rescoreJob } from '../serving/serving.jobs.ts';
import { trainingRunJob } from '../training/runs/index.ts';
import type { JobQueue } from './job-queue.ts';
import type { JobDefinition } from './job-definition.ts';
import { systemPingJob } from './system.jobs.ts';

/** What job handlers may use; built once by the composition root. */
export type JobDeps = SyncDeps & { codeVersion: string | null; jobQueue: Pick<JobQueue, 'send'> };

/** Every job this build can run; workers consume all of them. Capabilities add their `*.jobs.ts` definitions here. */
export function allJobs(deps: JobDeps): JobDefinition<never>[] {
  return [systemPingJob, crmSyncJob(deps), crmWritebackJob(deps), trainingRunJob(deps), retrainDueJob(deps), rescoreJob(deps)] as JobDefinition<never>[];
}

import type { JobDefinition } from './job-definition.ts';
import { systemPingJob } from './system.jobs.ts';

/** Every job this build can run; workers consume all of them. Capabilities add their `*.jobs.ts` definitions here. */
export const ALL_JOBS: readonly JobDefinition<never>[] = [systemPingJob as JobDefinition<never>];

/**
 * Every pg-boss queue Scorebridge uses, named `<capability>.<action>`. Capabilities add their
 * queues here so that one list shows all background work.
 */
export const QUEUES = Object.freeze({
  /** Round trip through a worker; `scorebridge jobs ping` uses it to tell whether any worker is consuming. */
  systemPing: 'system.ping',
  /** Pull one object from the workspace's Salesforce org into crm_records and a dataset snapshot. */
  crmSync: 'crm.sync',
  /** Write one object's changed scores from record_scores to the custom fields of the workspace's Salesforce org. */
  crmWriteback: 'crm.writeback',
  /** Train both model kinds on a dataset, evaluate them and store the chosen one's artifacts. */
  trainingRun: 'training.run',
  /** Start the retrainings whose schedule is due; sent by pg-boss's cron every few minutes. */
  registryRetrainDue: 'registry.retrain-due',
  /** Score a CRM object's changed records with the champion of each model for it (after a sync or a promotion). */
  servingRescore: 'serving.rescore',
} as const);

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

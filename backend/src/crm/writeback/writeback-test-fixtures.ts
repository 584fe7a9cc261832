import type { Db } from '../../db/client.ts';
import { modelAliases, modelVersions, recordScores, registeredModels } from '../../db/schema/index.ts';
import { createCrmService } from '../crm.service.ts';
import type { CredentialVault } from '../credential-vault.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../salesforce-stand-in/index.ts';
import { SCORE_FIELDS } from '../salesforce-stand-in/score-fields.ts';
import { generateLeads, LEAD_FIELDS, OPPORTUNITY_FIELDS, recentStart } from '../salesforce-stand-in/stand-in-test-fixtures.ts';

const CLIENT_ID = '3MVG9-writeback-test';
const REFRESH_TOKEN = '5Aep861-writeback-test';

/** An org whose admin has created the score fields on Lead but not yet on Opportunity. */
export function startScoredOrg(counts: { leads: number; opportunities: number }): Promise<SalesforceStandIn> {
  return startSalesforceStandIn({
    clientId: CLIENT_ID,
    refreshTokens: [REFRESH_TOKEN],
    objects: {
      Lead: { fields: [...LEAD_FIELDS, ...SCORE_FIELDS], records: generateLeads(counts.leads, recentStart()) },
      Opportunity: { fields: OPPORTUNITY_FIELDS, records: Array.from({ length: counts.opportunities }, (_, index) => ({ Name: `Deal ${index}`, StageName: 'Prospecting', CloseDate: '2026-12-01' })) },
    },
  });
}

/** The refresh-token connection body for that org, as an admin sends it. */
export function connectionBody(standIn: SalesforceStandIn) {
  return { authFlow: 'refresh_token' as const, loginUrl: standIn.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN };
}

/** Connects a workspace to the org through the CRM service, as `crm connect` does. */
export async function connectWorkspace(db: Db, vault: CredentialVault, workspaceId: string, standIn: SalesforceStandIn): Promise<void> {
  const crm = createCrmService({ db, vault, jobQueue: { send: async () => 'not-used' }, loginUrlPolicy: { hosts: [], allowLoopback: true }, apiVersion: '62.0' });
  await crm.connect({ workspaceId, userId: null, apiKeyId: null, label: 'test', requestId: null }, connectionBody(standIn));
}

/** A registered model for a CRM object with one uploaded version, as the write-back tests need it. */
export async function registerScoringModel(db: Db, workspaceId: string, options: { name: string; object: string; version?: number; champion?: boolean }): Promise<{ modelId: string; versionId: string }> {
  const [model] = await db
    .insert(registeredModels)
    .values({ workspaceId, name: options.name, nameKey: options.name.toLowerCase(), crmObject: options.object, target: { column: 'IsConverted', positive: ['true'] }, gradeBands: [] })
    .returning();
  const [version] = await db
    .insert(modelVersions)
    .values({ workspaceId, modelId: model!.id, version: options.version ?? 1, source: 'uploaded', kind: 'onnx', inputFields: [] })
    .returning();
  if (options.champion ?? true) await db.insert(modelAliases).values({ modelId: model!.id, alias: 'champion', versionId: version!.id });
  return { modelId: model!.id, versionId: version!.id };
}

export const SCORED_AT = new Date('2026-03-02T10:15:00.000Z');

/** A reason list like the scorer's, with text that CSV must quote (commas, quotes). */
export const REASONS = [
  { text: 'Lead source is Partner referral', points: 12 },
  { text: 'Company is "Acme, Inc."', points: 7.4 },
  { text: 'No email opened', points: -5 },
];

/** Latest-score rows as rescoring leaves them: pending, with a score derived from the record's position. */
export async function insertScores(
  db: Db,
  scope: { workspaceId: string; modelId: string; versionId: string; object: string },
  recordIds: readonly string[],
  overrides: Partial<typeof recordScores.$inferInsert> = {},
): Promise<void> {
  const rows = recordIds.map((recordId, index) => ({
    workspaceId: scope.workspaceId,
    modelId: scope.modelId,
    crmObject: scope.object,
    recordId,
    versionId: scope.versionId,
    probability: ((index % 98) + 1) / 100,
    score: (index % 98) + 1,
    grade: 'ABCD'[index % 4]!,
    reasons: REASONS,
    scoredAt: SCORED_AT,
    ...overrides,
  }));
  for (let start = 0; start < rows.length; start += 1_000) await db.insert(recordScores).values(rows.slice(start, start + 1_000));
}

/** The requests the stand-in answered for these paths, as `METHOD path` lines. */
export function requestsTo(standIn: SalesforceStandIn, pattern: RegExp): string[] {
  return standIn.requestLog
    .entries()
    .filter((entry) => pattern.test(entry.path))
    .map((entry) => `${entry.method} ${entry.path.replace(/^\/services\/data\/v[\d.]+/, '').replace(/\/750\w+/, '/{job}')} ${entry.status}`);
}

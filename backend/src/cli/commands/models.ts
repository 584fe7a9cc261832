import { existsSync, readFileSync, statSync } from 'node:fs';
import { createPromotionSchema, PROMOTION_STATUSES, RETRAIN_DAYS_LIMITS, ROLE_SETS, rollbackSchema, updateModelSchema, type PromotionRequest, type Role, type Segment } from '@scorebridge/shared';
import { z } from 'zod';
import { findUserByEmail } from '../../auth/users.repo.ts';
import type { Actor } from '../../auth/principal.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { startJobQueue } from '../../jobs/job-queue.ts';
import { createRegistryService } from '../../registry/index.ts';
import { rescoreWhenChampionMoves, rescoreWhenRoutingChanges } from '../../serving/index.ts';
import { chooseWorkspace, CliError, cliActor, cliActorLabel, commandContext, withDatabase } from '../context.ts';
import { printTable } from '../table-output.ts';

function registryCommand<Options extends { workspace?: string }>(work: (registry: ReturnType<typeof createRegistryService>, workspaceId: string, options: Options) => Promise<void>) {
  return async (options: Options): Promise<void> => {
    const { config, logger } = commandContext('one-shot');
    await withDatabase(config, logger, async ({ db }) => {
      const workspace = await chooseWorkspace(db, options.workspace);
      try {
        await work(createRegistryService({ db }), workspace.id, options);
      } catch (error) {
        if (error instanceof AppError && error.status < 500) throw new CliError(error.message);
        throw error;
      }
    });
  };
}

/** Registered models with their aliases and newest version. */
export const modelsList = registryCommand<{ workspace?: string; json?: boolean }>(async (registry, workspaceId, options) => {
  const models = await registry.list(workspaceId);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
    return;
  }
  if (models.length === 0) {
    process.stdout.write('No registered models. Train one with: scorebridge train <file> --target <column> --name <model>\n');
    return;
  }
  printTable(
    ['MODEL', 'VERSIONS', 'ALIASES', 'RETRAINING', 'TARGET'],
    models.map((model) => [
      model.name,
      String(model.latestVersion ?? 0),
      Object.entries(model.aliases)
        .map(([alias, version]) => `${alias}=v${version}`)
        .join(' ') || '-',
      model.retrainEveryDays ? `every ${model.retrainEveryDays} days (next ${model.nextRetrainAt!.slice(0, 10)})` : 'off',
      model.target.column,
    ]),
  );
});

/** A model's versions, newest first, with their metrics and lineage. */
export function modelsVersions(name: string, options: { workspace?: string; json?: boolean }): Promise<void> {
  return registryCommand<typeof options>(async (registry, workspaceId) => {
    const versions = await registry.versions(workspaceId, name);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
      return;
    }
    printTable(
      ['VERSION', 'ID', 'KIND', 'AUC', 'LOG LOSS', 'ALIASES', 'CREATED', 'RUN'],
      versions.map((version) => [
        String(version.version),
        version.id,
        version.kind,
        version.metrics?.['rocAuc']?.toFixed(4) ?? '-',
        version.metrics?.['logLoss']?.toFixed(4) ?? '-',
        version.aliases.join(' ') || 'candidate',
        version.createdAt.slice(0, 16).replace('T', ' '),
        version.trainingRunId ?? '-',
      ]),
    );
  })(options);
}

/** `--every 10` days, or `--off`. */
export function modelsSchedule(name: string, options: { workspace?: string; every?: number; off?: boolean }): Promise<void> {
  if ((options.every === undefined) === !options.off) throw new CliError(`Give either --every <days> (${RETRAIN_DAYS_LIMITS.min} to ${RETRAIN_DAYS_LIMITS.max}) or --off`);
  if (options.every !== undefined && options.every > RETRAIN_DAYS_LIMITS.max) throw new CliError(`--every: at most ${RETRAIN_DAYS_LIMITS.max} days`);
  return registryCommand<typeof options>(async (registry, workspaceId) => {
    const model = await registry.setRetrainingSchedule(cliActor(workspaceId), name, { everyDays: options.off ? null : options.every! });
    process.stdout.write(
      model.retrainEveryDays
        ? `"${model.name}" retrains every ${model.retrainEveryDays} days, next on ${model.nextRetrainAt}; each retraining adds a candidate version (no alias moves).\n`
        : `"${model.name}" has no retraining schedule.\n`,
    );
  })(options);
}

/** The segment `--field F --values "a,b"` names, or null for `--clear`; a CliError saying what to fix otherwise. */
function segmentFromOptions(options: { field?: string; values?: string; clear?: boolean }): Segment | null {
  if (options.clear) {
    if (options.field !== undefined || options.values !== undefined) throw new CliError('Give either --clear, or --field <field> with --values <v1,v2,...>, not both');
    return null;
  }
  if (options.field === undefined || options.values === undefined) throw new CliError('Give --field <field> and --values <v1,v2,...> (the values that put a record in the segment), or --clear');
  const values = options.values.split(',').map((value) => value.trim()).filter((value) => value !== '');
  const parsed = updateModelSchema.shape.segment.safeParse({ field: options.field, values });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path[0] === 'values' ? 'values' : 'field'}: ${issue.path[0] === 'values' && values.length === 0 ? 'no values given' : issue.message}`);
    throw new CliError(problems.join('; '));
  }
  return parsed.data ?? null;
}

/** `--field LeadSource --values "Web,Partner referral"`, or `--clear`: which records of its object a model scores. */
export async function modelsSegment(name: string, options: { workspace?: string; field?: string; values?: string; clear?: boolean }): Promise<void> {
  const segment = segmentFromOptions(options);
  await withRescoringRegistry(options.workspace, async ({ registry, workspaceId }) => {
    const model = await registry.update(cliActor(workspaceId), name, { segment });
    const records = model.crmObject ? `${model.crmObject} records` : 'records';
    process.stdout.write(
      model.segment
        ? `"${model.name}" now scores the ${records} whose ${model.segment.field} is ${model.segment.values.join(' or ')}.\n`
        : `"${model.name}" has no segment: it scores the ${records} no model with a segment claims.\n`,
    );
    if (model.crmObject) process.stdout.write(`${model.crmObject} records that now belong to another model are rescored and written back by a worker in the background.\n`);
  });
}

/**
 * Runs `work` with a registry that, as the API's does, queues rescoring when a champion moves or
 * records change model; the registry's refusals become CLI messages.
 */
async function withRescoringRegistry(workspaceSlug: string | undefined, work: (context: { db: Db; workspaceId: string; registry: ReturnType<typeof createRegistryService> }) => Promise<void>): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db, url }) => {
    const workspace = await chooseWorkspace(db, workspaceSlug);
    const jobQueue = await startJobQueue({ url, logger });
    try {
      const registry = createRegistryService({ db, afterAliasMoved: rescoreWhenChampionMoves(jobQueue, logger), afterRoutingChanged: rescoreWhenRoutingChanges(jobQueue, logger) });
      await work({ db, workspaceId: workspace.id, registry });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw new CliError(error.message + detailsText(error));
      throw error;
    } finally {
      await jobQueue.stop(5_000);
    }
  });
}

/** Who acts in a four-eyes step: a person of the workspace, named with --as, whose role must allow it. */
async function actingPerson(db: Db, workspaceId: string, email: string | undefined, roles: readonly Role[], what: string): Promise<Actor> {
  if (!email) throw new CliError(`${what} needs a person: pass --as <email> of a user with the role ${roles.join(' or ')}`);
  const user = await findUserByEmail(db, workspaceId, email);
  if (!user || user.disabledAt !== null) throw new CliError(`--as: no enabled user ${email} in this workspace`);
  if (!roles.includes(user.role)) throw new CliError(`--as: ${email} is ${/^[aeiou]/.test(user.role) ? 'an' : 'a'} ${user.role}; ${what} needs ${roles.join(' or ')}`);
  return { workspaceId, userId: user.id, apiKeyId: null, label: `${cliActorLabel()} as ${email}`, requestId: null };
}

function personCommand<Options extends { workspace?: string; as?: string }>(roles: readonly Role[], what: string, work: (registry: ReturnType<typeof createRegistryService>, actor: Actor, options: Options) => Promise<void>) {
  return (options: Options): Promise<void> =>
    withRescoringRegistry(options.workspace, async ({ db, workspaceId, registry }) => {
      const actor = await actingPerson(db, workspaceId, options.as, roles, what);
      await work(registry, actor, options);
    });
}

function detailsText(error: AppError): string {
  return error.details?.length ? ` (${error.details.map((detail) => `${detail.field}: ${detail.message}`).join('; ')})` : '';
}

function printPromotion(request: PromotionRequest): void {
  const metrics = (label: string, evaluation: PromotionRequest['evidence']['candidate']) =>
    evaluation ? `  ${label.padEnd(10)} v${evaluation.version}  AUC ${evaluation.rocAuc.toFixed(4)}  log loss ${evaluation.logLoss.toFixed(4)}  ECE ${evaluation.expectedCalibrationError.toFixed(4)}` : `  ${label.padEnd(10)} -`;
  process.stdout.write(
    [
      `Promotion ${request.id}: "${request.modelName}" ${request.alias} -> version ${request.version} (now ${request.fromVersion === null ? 'unset' : `v${request.fromVersion}`}), ${request.status}`,
      metrics('candidate', request.evidence.candidate),
      metrics('current', request.evidence.current),
      `  policy ${request.policy.passed ? 'PASSED' : 'FAILED'}: ${request.policy.checks.map((check) => `${check.passed ? 'ok' : 'FAIL'} ${check.name} (${check.detail})`).join('; ')}`,
      ...request.evidence.notes.map((note) => `  note: ${note}`),
      '',
    ].join('\n'),
  );
}

/** `models request <model> --version N [--alias champion] --reason "..." --as <email>` */
export function modelsRequest(name: string, options: { workspace?: string; as?: string; version: number; alias?: string; reason: string; json?: boolean }): Promise<void> {
  return personCommand<typeof options>(ROLE_SETS.analysts, 'A promotion request', async (registry, actor) => {
    const request = await registry.promotions.request(actor, name, createPromotionSchema.parse({ version: options.version, reason: options.reason, ...(options.alias ? { alias: options.alias } : {}) }));
    if (options.json) process.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
    else printPromotion(request);
  })(options);
}

/** `models approve <request id> --as <admin email> [--comment ...] [--override-reason ...]` */
export function modelsApprove(id: string, options: { workspace?: string; as?: string; comment?: string; overrideReason?: string }): Promise<void> {
  return personCommand<typeof options>(ROLE_SETS.admins, 'Approving a promotion', async (registry, actor) => {
    const request = await registry.promotions.approve(actor, id, { ...(options.comment ? { comment: options.comment } : {}), ...(options.overrideReason ? { overrideReason: options.overrideReason } : {}) });
    process.stdout.write(`Approved: "${request.modelName}" ${request.alias} now points at version ${request.version}.\n`);
  })(options);
}

/** `models reject <request id> --as <admin email> --comment ...` */
export function modelsReject(id: string, options: { workspace?: string; as?: string; comment: string }): Promise<void> {
  return personCommand<typeof options>(ROLE_SETS.admins, 'Rejecting a promotion', async (registry, actor) => {
    const request = await registry.promotions.reject(actor, id, options.comment);
    process.stdout.write(`Rejected: promotion of "${request.modelName}" version ${request.version} to ${request.alias}.\n`);
  })(options);
}

/** `models rollback <model> --as <admin email> --reason ... [--alias champion] [--version N]` */
export function modelsRollback(name: string, options: { workspace?: string; as?: string; reason: string; alias?: string; version?: number }): Promise<void> {
  return personCommand<typeof options>(ROLE_SETS.admins, 'A rollback', async (registry, actor) => {
    const input = rollbackSchema.parse({ reason: options.reason, ...(options.alias ? { alias: options.alias } : {}), ...(options.version ? { version: options.version } : {}) });
    const model = await registry.promotions.rollback(actor, name, input);
    process.stdout.write(`Rolled back: "${model.name}" ${input.alias} now points at version ${model.aliases[input.alias]}.\n`);
  })(options);
}

/** `models promotions [--status pending] [--model name]` */
export const modelsPromotions = registryCommand<{ workspace?: string; status?: string; model?: string; json?: boolean }>(async (registry, workspaceId, options) => {
  const status = options.status === undefined ? undefined : z.enum(PROMOTION_STATUSES).safeParse(options.status);
  if (status && !status.success) throw new CliError(`--status: one of ${PROMOTION_STATUSES.join(', ')}`);
  const requests = await registry.promotions.list(workspaceId, { status: status?.data, model: options.model });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(requests, null, 2)}\n`);
    return;
  }
  if (requests.length === 0) {
    process.stdout.write('No promotion requests.\n');
    return;
  }
  printTable(
    ['REQUEST', 'MODEL', 'ALIAS', 'VERSION', 'FROM', 'STATUS', 'POLICY', 'CREATED'],
    requests.map((request) => [
      request.id,
      request.modelName,
      request.alias,
      String(request.version),
      request.fromVersion === null ? '-' : String(request.fromVersion),
      request.status,
      request.policy.passed ? 'passed' : 'failed',
      request.createdAt.slice(0, 16).replace('T', ' '),
    ]),
  );
});

/** `models upload <file.onnx> --name <model> (--fields a,b | --mapping file.json) [--positive label]` */
export function modelsUpload(file: string, options: { workspace?: string; name: string; fields?: string; mapping?: string; positive?: string; description?: string }): Promise<void> {
  if ((options.fields === undefined) === (options.mapping === undefined)) throw new CliError('Give either --fields <f1,f2,...> (one tensor input, in order) or --mapping <file.json> (fields to named inputs)');
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No file ${file}`);
  let mapping: unknown;
  if (options.fields !== undefined) mapping = { kind: 'tensor', fields: options.fields.split(',').map((field) => field.trim()) };
  else {
    if (!existsSync(options.mapping!)) throw new CliError(`No file ${options.mapping}`);
    try {
      mapping = JSON.parse(readFileSync(options.mapping!, 'utf8')) as unknown;
    } catch (error) {
      throw new CliError(`--mapping: ${options.mapping} is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return registryCommand<typeof options>(async (registry, workspaceId) => {
    try {
      const version = await registry.upload(cliActor(workspaceId), options.name, { bytes: readFileSync(file), mapping, positive: options.positive, description: options.description });
      process.stdout.write(`Uploaded "${version.modelName}" version ${version.version} (${version.id}), a candidate reading ${version.inputFields.join(', ')}.\nScore with: scorebridge score <file> --model "${version.modelName}@${version.version}" --out scored.csv\n`);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw new CliError(error.message + detailsText(error));
      throw error;
    }
  })(options);
}

import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { crmConnect, crmStatus, crmSync, crmWriteback } from './commands/crm.ts';
import { datasetsList, datasetsQuality, importCommand } from './commands/datasets.ts';
import { scoreCommand } from './commands/score.ts';
import { modelsApprove, modelsList, modelsPromotions, modelsReject, modelsRequest, modelsRollback, modelsSchedule, modelsSegment, modelsUpload, modelsVersions } from './commands/models.ts';
import { experimentsList, runsCompare, runsList } from './commands/runs.ts';
import { trainCommand } from './commands/train.ts';
import { jobsPing } from './commands/jobs.ts';
import { keysCreate, keysList, keysRevoke } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { runServer } from './commands/run.ts';
import { workspacesCreate, workspacesList } from './commands/workspaces.ts';
import { CliError } from './context.ts';

function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return parsed;
}

/** The `scorebridge` command. Each action is a thin wrapper over a function in `commands/`. */
export function buildProgram(): Command {
  const program = new Command('scorebridge')
    .description('Predictive scores for CRM records and spreadsheets. Configure with environment variables or a .env file (see README).')
    .showHelpAfterError();

  program
    .command('start')
    .description('API, worker and (when DATABASE_URL is unset) embedded PostgreSQL in one process; creates a demo workspace on first start')
    .action(() => runServer('start'));
  program.command('serve').description('Serve the HTTP API only').action(() => runServer('serve'));
  program.command('worker').description('Consume background jobs only').action(() => runServer('worker'));
  program.command('migrate').description('Apply pending database migrations and exit').action(migrateCommand);

  const workspaces = program.command('workspaces').description('Manage workspaces (as the operator)');
  workspaces
    .command('create')
    .description('Create a workspace with its first admin; prints the admin’s API key once')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--slug <slug>', 'short identifier: lowercase letters, digits, dashes')
    .requiredOption('--admin-email <email>', 'email of the first admin')
    .option('--admin-name <name>', 'display name of the first admin (default: the email)')
    .option('--json', 'print JSON')
    .action(workspacesCreate);
  workspaces.command('list').description('List workspaces').option('--json', 'print JSON').action(workspacesList);

  const keys = program.command('keys').description('Manage API keys (as the operator; recorded in the audit trail)');
  keys
    .command('create')
    .description('Create an API key; it is printed once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .option('--user <email-or-id>', 'whose key it is; the key has their role (default: the first admin)')
    .option('--expires-in-days <days>', 'expire the key after this many days', positiveInteger)
    .option('--json', 'print JSON')
    .action(keysCreate);
  keys
    .command('list')
    .description('List API keys of a workspace')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .option('--include-revoked', 'also list revoked keys')
    .option('--json', 'print JSON')
    .action(keysList);
  keys
    .command('revoke')
    .description('Revoke an API key at once')
    .argument('<id-or-prefix>', 'the key id, or its sbk_… prefix')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .action(keysRevoke);

  program
    .command('import')
    .description('Import a CSV or XLSX file as a dataset, with a progress bar, and show its quality findings')
    .argument('<file>', 'a .csv, .tsv, .txt or .xlsx file')
    .option('--name <name>', 'dataset name (default: the file name)')
    .option('--sheet <name>', 'XLSX only: the sheet to read (default: the first)')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .option('--json', 'print JSON')
    .action(importCommand);

  program
    .command('train')
    .description('Import a file, train and tune on it (gradient-boosted trees and logistic regression, calibrated, evaluated on a holdout) with a progress bar, and register the better model as a candidate version')
    .argument('<file>', 'a .csv or .xlsx file')
    .requiredOption('--target <column>', 'the outcome column, such as IsConverted')
    .option('--positive <value>', 'the value meaning the good outcome (inferred for yes/no, true/false, won/lost)')
    .option('--exclude <columns>', 'comma-separated columns never to use (leakage, fields filled after the outcome)')
    .option('--date-column <column>', 'a date for a time-based holdout (the most recent 20%)')
    .option('--name <model>', 'the registered model to add a version to, created when absent (default: the file name and target)')
    .option('--seed <n>', 'random seed', wholeNumber)
    .option('--tune <trials>', 'tuning trials for the trees, by successive halving (default 9; 0 trains with the defaults)', wholeNumber)
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .option('--json', 'print JSON')
    .action(trainCommand);

  program
    .command('score')
    .description('Score every row of a file and write it with score, grade and reasons columns, in input order')
    .argument('<file>', 'a .csv or .xlsx file with the columns the model was trained on')
    .requiredOption('--model <model>', 'a model name (its champion, or its newest version while it has none), name@alias, name@version-number or a version id')
    .requiredOption('--out <file>', 'the CSV to write')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .action(scoreCommand);

  const runs = program.command('runs').description('Training runs: list them, compare an experiment’s runs and tuning trials');
  runs.command('list').description('Training runs with each model’s holdout AUC, newest first').option('--trials', 'include tuning trials').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(runsList);
  runs
    .command('compare')
    .description('An experiment’s runs and tuning trials side by side, best first, with their parameters')
    .argument('<experiment>', 'experiment name or id (see experiments list)')
    .option('--workspace <slug>', 'workspace')
    .option('--json', 'print JSON')
    .action(runsCompare);
  program.command('experiments').description('Experiments: what groups of runs try to predict').command('list').description('Experiments with run counts and best runs').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(experimentsList);

  const models = program.command('models').description('The model registry: models, versions, promotions (four eyes), rollbacks, uploads, retraining schedules');
  models.command('list').description('Registered models with their aliases, versions and schedules').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(modelsList);
  models.command('versions').description('A model’s versions, newest first, with metrics and lineage').argument('<model>', 'model name').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(modelsVersions);
  models
    .command('schedule')
    .description('Retrain a model on the newest data of its source every N days (each retraining adds a candidate version), or stop')
    .argument('<model>', 'model name')
    .option('--every <days>', 'days between retrainings (Einstein: 10, Dynamics: 15)', positiveInteger)
    .option('--off', 'stop retraining')
    .option('--workspace <slug>', 'workspace')
    .action(modelsSchedule);
  models
    .command('segment')
    .description('Score only some records of the model’s CRM object (several models can share an object, one per segment), or all the rest again')
    .argument('<model>', 'model name')
    .option('--field <field>', 'the record field that decides, such as Country or LeadSource')
    .option('--values <v1,v2,...>', 'comma-separated values of that field that put a record in the segment')
    .option('--clear', 'remove the segment')
    .option('--workspace <slug>', 'workspace')
    .action(modelsSegment);
  models
    .command('request')
    .description('Ask to point an alias (champion by default) at a version; prints the evidence and the policy verdict')
    .argument('<model>', 'model name')
    .requiredOption('--version <n>', 'the version number to promote', positiveInteger)
    .requiredOption('--reason <text>', 'why this version should serve')
    .option('--alias <alias>', 'the alias to move (default champion)')
    .option('--as <email>', 'the requesting analyst or admin (required)')
    .option('--workspace <slug>', 'workspace')
    .option('--json', 'print JSON')
    .action(modelsRequest);
  models.command('promotions').description('Promotion requests, newest first').option('--status <status>', 'pending, approved, rejected or withdrawn').option('--model <name>', 'one model').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(modelsPromotions);
  models
    .command('approve')
    .description('Approve a promotion request (an admin other than the requester); the alias moves at once')
    .argument('<request-id>')
    .option('--as <email>', 'the approving admin (required)')
    .option('--comment <text>', 'a comment for the record')
    .option('--override-reason <text>', 'required when the policy failed')
    .option('--workspace <slug>', 'workspace')
    .action(modelsApprove);
  models
    .command('reject')
    .description('Reject a promotion request with a comment')
    .argument('<request-id>')
    .requiredOption('--comment <text>', 'why not')
    .option('--as <email>', 'the rejecting admin (required)')
    .option('--workspace <slug>', 'workspace')
    .action(modelsReject);
  models
    .command('rollback')
    .description('Move an alias back to the version its last promotion replaced, or to --version')
    .argument('<model>', 'model name')
    .requiredOption('--reason <text>', 'why')
    .option('--alias <alias>', 'the alias (default champion)')
    .option('--version <n>', 'an earlier version to go back to', positiveInteger)
    .option('--as <email>', 'the admin rolling back (required)')
    .option('--workspace <slug>', 'workspace')
    .action(modelsRollback);
  models
    .command('upload')
    .description('Register an ONNX model made by another tool (skl2onnx, onnxmltools, ...) as a candidate version')
    .argument('<file>', 'an .onnx file')
    .requiredOption('--name <model>', 'the registered model to add it to (created when absent)')
    .option('--fields <f1,f2,...>', 'the record fields that fill its single tensor input, in order')
    .option('--mapping <file.json>', 'a JSON mapping of record fields to named inputs: {"kind":"named","inputs":{"<input>":"<field>"}}')
    .option('--positive <label>', 'the class whose probability is the score (default: the second of two)')
    .option('--description <text>', 'a note kept with the version')
    .option('--workspace <slug>', 'workspace')
    .action(modelsUpload);

  const datasets = program.command('datasets').description('Datasets: list them, check their quality');
  datasets.command('list').description('List datasets, newest first').option('--workspace <slug>', 'workspace').option('--json', 'print JSON').action(datasetsList);
  datasets
    .command('quality')
    .description('The data-quality report; with --target also class balance, leakage and readiness to train')
    .argument('<dataset-id>')
    .option('--target <column>', 'the outcome column, such as IsConverted')
    .option('--positive <values>', 'comma-separated values meaning the good outcome')
    .option('--negative <values>', 'comma-separated values meaning the other outcome (others are unlabeled)')
    .option('--exclude <columns>', 'comma-separated columns to leave out of training')
    .option('--workspace <slug>', 'workspace')
    .option('--json', 'print JSON')
    .action(datasetsQuality);

  const crm = program.command('crm').description('The workspace’s Salesforce org: connect, sync, write-back, status');
  crm
    .command('connect')
    .description('Connect a Salesforce org with a refresh token or the JWT bearer flow; the credentials are checked, then stored encrypted')
    .requiredOption('--login-url <url>', 'https://login.salesforce.com, https://test.salesforce.com or a My Domain URL')
    .requiredOption('--client-id <id>', 'the connected app’s consumer key')
    .option('--refresh-token <token>', 'a refresh token of the integration user')
    .option('--client-secret <secret>', 'the connected app’s consumer secret, if it requires one')
    .option('--jwt-key <file>', 'PEM private key whose certificate is on the connected app')
    .option('--username <user>', 'the integration user, for the JWT bearer flow')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .action(crmConnect);
  crm
    .command('sync')
    .description('Sync Leads and Opportunities (or one object) now, in this process, with a progress bar')
    .option('--object <object>', 'Lead or Opportunity (default: both)')
    .option('--full', 'fetch every record, not only changes since the last sync')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .action(crmSync);
  crm
    .command('writeback')
    .description('Write changed scores to the Salesforce fields of Leads and Opportunities (or one object) now, in this process')
    .option('--object <object>', 'Lead or Opportunity (default: both)')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .action(crmWriteback);
  crm
    .command('status')
    .description('Connection, records synced, high-water marks and last syncs')
    .option('--workspace <slug>', 'workspace (needed when there is more than one)')
    .option('--json', 'print JSON')
    .action(crmStatus);

  const jobs = program.command('jobs').description('Background jobs');
  jobs
    .command('ping')
    .description('Check that a worker is consuming jobs')
    .option('--timeout <seconds>', 'how long to wait for a worker', positiveInteger, 10)
    .action((options: { timeout: number }) => jobsPing({ timeoutSeconds: options.timeout }));

  return program;
}

/** Runs the CLI; errors a person can fix are printed as one message with a non-zero exit code, never a stack. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`scorebridge: ${error.message}\n`);
      return;
    }
    // The services' own errors (bad data, a refused login URL, a missing object) are the user's to fix.
    if (error instanceof AppError) {
      const extra = (error.details ?? []).map((detail) => detail.message).filter((message) => !error.message.includes(message));
      process.stderr.write(`scorebridge: ${[error.message, ...extra.map((message) => `  ${message}`)].join('\n')}\n`);
      return;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`scorebridge: the port is already in use (${(error as Error).message}); set PORT to another port\n`);
      return;
    }
    if (code === 'ECONNREFUSED') {
      process.stderr.write('scorebridge: cannot reach the database; check DATABASE_URL and that PostgreSQL is running\n');
      return;
    }
    process.stderr.write(`scorebridge: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.SCOREBRIDGE_DEBUG) console.error(error);
  }
}

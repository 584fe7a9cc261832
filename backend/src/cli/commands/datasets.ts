import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { QualityReport } from '@scorebridge/shared';
import { createDatasetsService, importTable } from '../../datasets/index.ts';
import { openTable } from '../../datasets/import/index.ts';
import { chooseWorkspace, CliError, commandContext, withDatabase } from '../context.ts';
import { createProgress } from '../progress.ts';

export async function importCommand(file: string, options: { name?: string; sheet?: string; workspace?: string; json?: boolean }): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No file ${file}`);
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const progress = createProgress(`Importing ${path.basename(file)}`, 'rows');
    try {
      const table = await openTable(file, options.sheet ? { sheet: options.sheet } : {});
      const { dataset, created } = await importTable(db, {
        workspaceId: workspace.id,
        name: options.name ?? path.basename(file),
        source: 'file',
        origin: { fileName: path.basename(file), format: table.format, bytes: statSync(file).size },
        createdByUserId: null,
        table,
        onProgress: (rows) => progress.update(rows),
      });
      progress.stop();
      const view = await createDatasetsService({ db }).get(workspace.id, dataset.id);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ dataset: view, created }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${created ? 'Imported' : 'Already imported as'} dataset ${dataset.id} "${dataset.name}": ${dataset.rowCount} rows, ${dataset.columns.length} columns.\n`,
      );
      if (view.quality) process.stdout.write(formatFindings(view.quality, false));
    } finally {
      progress.stop();
    }
  });
}

export async function datasetsList(options: { workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const items = await createDatasetsService({ db }).list(workspace.id);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      return;
    }
    if (items.length === 0) process.stdout.write('No datasets. Import one with: scorebridge import <file>\n');
    for (const item of items) process.stdout.write(`${item.id}  ${item.createdAt.slice(0, 16).replace('T', ' ')}  ${String(item.rowCount).padStart(9)} rows  ${item.source.padEnd(8)}  ${item.name}\n`);
  });
}

export async function datasetsQuality(id: string, options: { target?: string; positive?: string; negative?: string; exclude?: string; workspace?: string; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const positive = list(options.positive);
    const negative = list(options.negative);
    const report = await createDatasetsService({ db })
      .quality(workspace.id, id, {
        target: options.target ? { column: options.target, ...(positive ? { positive } : {}), ...(negative ? { negative } : {}) } : undefined,
        options: { excludedColumns: list(options.exclude) ?? [] },
      })
      ;
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatFindings(report, options.target !== undefined));
  });
}

/** Readiness means something only against a target, so it is shown only when one was given. */
function formatFindings(report: QualityReport, withReadiness: boolean): string {
  const lines = report.findings.map((finding) => `  ${finding.severity.toUpperCase().padEnd(7)} ${finding.message}`);
  if (withReadiness && report.readiness) lines.push(`Ready to train: ${report.readiness.ready ? 'yes' : 'no'}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '  No findings.\n';
}

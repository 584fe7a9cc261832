import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { openTable } from '../../datasets/import/index.ts';
import { csvLine } from '../../synthetic/index.ts';
import { AppError } from '../../errors.ts';
import { resolveModelReference } from '../../registry/model-reference.ts';
import { createVersionFileScorer } from '../../registry/version-file-scorer.ts';
import { chooseWorkspace, CliError, commandContext, withDatabase } from '../context.ts';
import { createProgress } from '../progress.ts';

/**
 * Scores every row of a file with a model version (name, name@alias, name@number or version id) and writes it, in input order, with `score`
 * (calibrated probability), `grade` and `reasons` columns. A row that cannot be scored keeps its
 * place with an empty score and the reason.
 */
export async function scoreCommand(file: string, options: { model: string; out: string; workspace?: string }): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No file ${file}`);
  if (path.resolve(options.out) === path.resolve(file)) throw new CliError('--out must be another file than the input');
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async ({ db }) => {
    const workspace = await chooseWorkspace(db, options.workspace);
    const resolved = await resolveModelReference(db, workspace.id, options.model).catch((error: unknown) => {
      if (error instanceof AppError) throw new CliError(`--model: ${error.message} (see scorebridge models list)`);
      throw error;
    });
    const scorer = await createVersionFileScorer(db, resolved.version);
    // A ragged row keeps its place with no score and the reason, instead of failing the file.
    const raggedRows = new Map<number, string>();
    const table = await openTable(file, { onRaggedRow: (problem) => raggedRows.set(problem.location.row ?? 0, problem.message) });
    const out = createWriteStream(options.out);
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    failed.catch(() => {});
    const progress = createProgress(`Scoring ${path.basename(file)}`, 'rows');
    let rows = 0;
    let unscored = 0;
    try {
      out.write(csvLine([...table.columns, 'score', 'grade', 'reasons']));
      for await (const batch of table.batches) {
        const scored = await scorer.score(batch, table.columns);
        let text = '';
        batch.forEach((cells, index) => {
          const ragged = raggedRows.get(rows + index + 1);
          const result = ragged === undefined ? scored[index]! : { score: null, grade: null, reasons: `not scored: ${ragged}` };
          if (result.score === null) unscored += 1;
          text += csvLine([...(ragged === undefined ? cells : cells.map(() => null)), result.score === null ? null : result.score.toFixed(4), result.grade, result.reasons]);
        });
        if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
        rows += batch.length;
        progress.update(rows);
      }
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    } catch (error) {
      out.destroy();
      throw error;
    } finally {
      progress.stop();
      await scorer.release();
    }
    process.stdout.write(`Scored ${rows} rows with "${resolved.modelName}" version ${resolved.version.version} (${resolved.via}, ${scorer.kind}) into ${options.out}${unscored ? ` (${unscored} without a score; see their reasons)` : ''}.\n`);
  });
}

/// <reference types="custom-functions-runtime" />
import { SCORE_LIMITS, type RecordScoreResult, type ScoreReason } from '@scorebridge/shared';
import type { ApiClient } from '../api/index.ts';
import { cellError, CellInputError, toCellError } from './cell-errors.ts';
import type { InputFieldsLookup } from './input-fields.ts';
import { defaultModelName, modelInfoRows } from './model-info.ts';
import { headerNames, missingFields, recordRows, type CellRecord } from './record-arguments.ts';
import type { ScoreBatcher } from './score-batcher.ts';
import type { TableHeaderSource } from './table-headers.ts';

/**
 * What SCORE, GRADE, EXPLAIN and MODELINFO do, apart from Excel's calling conventions: read the
 * arguments, score through the batcher, and turn each row's answer into a cell value or an error
 * value. Every failure ends as a CustomFunctions.Error, for the whole formula or for one row.
 */

export interface FunctionsDependencies {
  client: Pick<ApiClient, 'call'>;
  batcher: Pick<ScoreBatcher, 'score'>;
  inputFields: Pick<InputFieldsLookup, 'forVersion'>;
  tableHeaders: Pick<TableHeaderSource, 'headersFor'>;
  /** How long the lookup of the default model (the workspace's only one) serves. */
  defaultModelTtlMs?: number;
}

type Cell = string | number | CustomFunctions.Error;
type RowOutcome = RecordScoreResult | CustomFunctions.Error;

export const DEFAULT_EXPLAIN_REASONS = SCORE_LIMITS.defaultReasons;
const NO_HEADERS_MESSAGE = 'give the header row as the second argument, or put the records in an Excel table';

function isOmitted(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && (value.length === 0 || (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 && (value[0][0] === null || value[0][0] === ''))));
}

/** A signal that aborts when Excel cancels the call (the cell was edited or recalculation was stopped). */
function cancellation(invocation: CustomFunctions.CancelableInvocation): AbortSignal {
  const controller = new AbortController();
  invocation.onCanceled = () => controller.abort();
  return controller.signal;
}

function reasonCell(reason: ScoreReason): string {
  return `${reason.text} (${reason.points > 0 ? '+' : '\u2212'}${Math.abs(reason.points)})`;
}

export function createScorebridgeFunctions({ client, batcher, inputFields, tableHeaders, defaultModelTtlMs = 5000 }: FunctionsDependencies) {
  let defaultModel: { at: number; name: Promise<string> } | undefined;

  const modelReference = async (model: unknown): Promise<string> => {
    if (!isOmitted(model)) return String(model).trim();
    if (!defaultModel || Date.now() - defaultModel.at >= defaultModelTtlMs) {
      const name = defaultModelName(client);
      defaultModel = { at: Date.now(), name };
      name.catch(() => (defaultModel = undefined));
    }
    return defaultModel.name;
  };

  const fieldsOf = async (headers: unknown, invocation: CustomFunctions.Invocation): Promise<string[]> => {
    if (!isOmitted(headers)) return headerNames(headers as unknown[][]);
    const fromTable = await tableHeaders.headersFor(invocation.parameterAddresses?.[0]);
    if (!fromTable) throw new CellInputError(NO_HEADERS_MESSAGE);
    return headerNames([fromTable]);
  };

  /** One outcome per row of `record`: its result, or the error value its cell shows. */
  const scoreRows = async (record: unknown[][], headers: unknown, model: unknown, invocation: CustomFunctions.CancelableInvocation, reasons: number): Promise<RowOutcome[]> => {
    const signal = cancellation(invocation);
    const fields = await fieldsOf(headers, invocation);
    const { records } = recordRows(record, fields);
    const reference = await modelReference(model);
    const present = records.filter((row): row is CellRecord => row !== null);
    if (present.length === 0) return records.map(() => cellError('notAvailable', 'empty row'));
    const scored = await batcher.score(reference, present, { reasons, signal });
    const missing = missingFields((await inputFields.forVersion(scored.model)) ?? [], fields);
    if (missing.length > 0) throw new CellInputError(`column ${missing[0]} missing${missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1).join(', ')})` : ''}`);
    let next = 0;
    return records.map((row) => {
      if (row === null) return cellError('notAvailable', 'empty row');
      const result = scored.results[next++]!;
      return result.problem !== undefined || result.probability === null ? cellError('invalidValue', result.problem ?? 'the record could not be scored') : result;
    });
  };

  /** Runs `compute`, turning any failure into an error value that Excel shows in the formula's cell. */
  const asCells = async <T>(compute: () => Promise<T>): Promise<T> => {
    try {
      return await compute();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw toCellError(error);
    }
  };

  const column = (outcomes: RowOutcome[], value: (result: RecordScoreResult) => Cell): Cell[][] => outcomes.map((outcome) => [outcome instanceof CustomFunctions.Error ? outcome : value(outcome)]);

  return {
    score: (record: unknown[][], headers: unknown, model: unknown, invocation: CustomFunctions.CancelableInvocation) =>
      asCells(async () => column(await scoreRows(record, headers, model, invocation, 0), (result) => result.probability!)),

    grade: (record: unknown[][], headers: unknown, model: unknown, invocation: CustomFunctions.CancelableInvocation) =>
      asCells(async () => column(await scoreRows(record, headers, model, invocation, 0), (result) => result.grade ?? cellError('notAvailable', 'the model has no grades'))),

    explain: (record: unknown[][], headers: unknown, model: unknown, count: unknown, invocation: CustomFunctions.CancelableInvocation) =>
      asCells(async () => {
        const k = isOmitted(count) ? DEFAULT_EXPLAIN_REASONS : Number(count);
        if (!Number.isInteger(k) || k < 1 || k > SCORE_LIMITS.maxReasons) throw new CellInputError(`k must be a whole number from 1 to ${SCORE_LIMITS.maxReasons}`);
        const outcomes = await scoreRows(record, headers, model, invocation, k);
        return outcomes.map((outcome): Cell[] => {
          if (outcome instanceof CustomFunctions.Error) return [outcome, ...Array<Cell>(k - 1).fill('')];
          const top = [...outcome.reasons.positive, ...outcome.reasons.negative].sort((a, b) => Math.abs(b.points) - Math.abs(a.points)).slice(0, k);
          return Array.from({ length: k }, (_, index) => (top[index] ? reasonCell(top[index]) : ''));
        });
      }),

    modelInfo: (model: unknown) => asCells(async () => modelInfoRows(client, await modelReference(model))),
  };
}

export type ScorebridgeFunctions = ReturnType<typeof createScorebridgeFunctions>;

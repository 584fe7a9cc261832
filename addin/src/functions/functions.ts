/// <reference types="custom-functions-runtime" />
/* eslint-disable @typescript-eslint/no-explicit-any -- custom-functions-metadata reads these TypeScript types and knows `any`, not `unknown`. */
import { createRuntimeFunctions } from './runtime-functions.ts';
import type { ScorebridgeFunctions } from './scorebridge-functions.ts';

/*
 * The SCOREBRIDGE.* worksheet functions. The JSDoc below is their metadata: the build runs
 * custom-functions-metadata over this file to write functions.json. Each function is a thin wrapper
 * over the library in scorebridge-functions.ts.
 */

let library: ScorebridgeFunctions | undefined;

/** The library the functions call; created on first use so that nothing runs before Office is ready. */
function functions(): ScorebridgeFunctions {
  return (library ??= createRuntimeFunctions());
}

/** Tests run the wrappers over a library of their making. */
export function useFunctionsLibrary(replacement: ScorebridgeFunctions | undefined): void {
  library = replacement;
}

/**
 * The calibrated probability (0 to 1) of a record's outcome; several rows spill one per row.
 * @customfunction
 * @param {any[][]} record The record's cells: one row, or several rows for several records.
 * @param {any[][]} [headers] The header row naming the record's columns; leave it out when the record is in an Excel table.
 * @param {string} [model] A model name, name@alias, name@version or a version id; default: the workspace's only model.
 * @param {CustomFunctions.CancelableInvocation} invocation Invocation.
 * @returns One probability per record.
 * @requiresParameterAddresses
 * @cancelable
 */
export function SCORE(record: any[][], headers?: any[][], model?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return functions().score(record, headers, model, invocation ?? {});
}

/**
 * The grade (A to D by default) of a record's score; several rows spill one per row.
 * @customfunction
 * @param {any[][]} record The record's cells: one row, or several rows for several records.
 * @param {any[][]} [headers] The header row naming the record's columns; leave it out when the record is in an Excel table.
 * @param {string} [model] A model name, name@alias, name@version or a version id; default: the workspace's only model.
 * @param {CustomFunctions.CancelableInvocation} invocation Invocation.
 * @returns One grade per record.
 * @requiresParameterAddresses
 * @cancelable
 */
export function GRADE(record: any[][], headers?: any[][], model?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return functions().grade(record, headers, model, invocation ?? {});
}

/**
 * The fields that moved a record's score most, with their points: k cells per record.
 * @customfunction
 * @param {any[][]} record The record's cells: one row, or several rows for several records.
 * @param {any[][]} [headers] The header row naming the record's columns; leave it out when the record is in an Excel table.
 * @param {string} [model] A model name, name@alias, name@version or a version id; default: the workspace's only model.
 * @param {number} [k] How many reasons per record, 1 to 50; default 3.
 * @param {CustomFunctions.CancelableInvocation} invocation Invocation.
 * @returns The top k reasons of each record, one row per record.
 * @requiresParameterAddresses
 * @cancelable
 */
export function EXPLAIN(record: any[][], headers?: any[][], model?: string, k?: number, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return functions().explain(record, headers, model, k, invocation ?? {});
}

/**
 * The model version a reference names now: version, metrics and when it was trained.
 * @customfunction
 * @param {string} [model] A model name, name@alias, name@version or a version id; default: the workspace's only model.
 * @returns Label and value rows.
 */
export function MODELINFO(model?: string): Promise<any[][]> {
  return functions().modelInfo(model);
}

CustomFunctions.associate('SCORE', SCORE);
CustomFunctions.associate('GRADE', GRADE);
CustomFunctions.associate('EXPLAIN', EXPLAIN);
CustomFunctions.associate('MODELINFO', MODELINFO);

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The Python side of the training benchmark: ../shared/bench/reference_models.py run with Debian's
 * python3 (python3-sklearn, python3-xgboost, python3-pandas). Nothing here throws for a missing or
 * broken Python: every step returns what went wrong, so that the benchmark can say so in its notes
 * and still report Scorebridge's own figures.
 */

export const PYTHON = '/usr/bin/python3';

/**
 * Set on some processors for old OpenBLAS builds; they slow a current numpy. Unset both together,
 * for the Python commands only (never for tests or CI).
 */
const OPENBLAS_OVERRIDES = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

export interface PythonEnvironment {
  env: NodeJS.ProcessEnv;
  /** The OpenBLAS variables that were set here and removed from the Python commands' environment. */
  unsetVariables: string[];
}

/** The environment of every Python command: one OpenMP/BLAS thread, without the OpenBLAS overrides. */
export function pythonEnvironment(): PythonEnvironment {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const unsetVariables = OPENBLAS_OVERRIDES.filter((variable) => env[variable] !== undefined);
  if (unsetVariables.length > 0) for (const variable of OPENBLAS_OVERRIDES) delete env[variable];
  return { env, unsetVariables };
}

export type CommandResult = { ok: true; stdout: string; stderr: string } | { ok: false; problem: string; stdout: string; stderr: string };

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Runs a command to its end; a missing program, a timeout or a non-zero exit is a result, not an exception. */
export function runCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true, stdout, stderr });
        return;
      }
      let problem: string;
      if (error.code === 'ENOENT') problem = `${file} was not found`;
      else if (error.killed) problem = `${file} did not finish within ${timeoutMs / 1000} s and was stopped`;
      else problem = `${file} exited with ${error.code ?? error.signal ?? 'an error'}: ${lastLines(stderr) || error.message}`;
      resolve({ ok: false, problem, stdout, stderr });
    });
  });
}

function lastLines(text: string, count = 2): string {
  return text.trim().split('\n').slice(-count).join(' / ').trim();
}

export interface PythonProbe {
  /** Why Python cannot run the references at all, or null. */
  problem: string | null;
  versions: { python: string | null; pandas: string | null; sklearn: string | null; xgboost: string | null };
  /** Each missing module with its import error. */
  missing: string[];
  /** BLAS and OpenMP libraries as threadpoolctl sees them after the imports, one line each. */
  threadpools: string[];
}

const PROBE_SCRIPT = `
import json, sys, importlib
out = {"python": sys.version.split()[0], "missing": [], "threadpools": []}
for name in ("pandas", "sklearn", "xgboost"):
    try:
        out[name] = importlib.import_module(name).__version__
    except Exception as error:
        out[name] = None
        out["missing"].append(f"{name} ({type(error).__name__}: {error})")
try:
    import numpy, threadpoolctl
    for info in threadpoolctl.threadpool_info():
        out["threadpools"].append(" ".join(f"{key}={info.get(key)}" for key in ("internal_api", "version", "architecture", "num_threads") if info.get(key) is not None))
except Exception as error:
    out["threadpools"].append(f"threadpoolctl unavailable ({type(error).__name__}: {error})")
print(json.dumps(out))
`;

/** Which of the reference libraries Python has, and which BLAS kernel and thread counts it would run with. */
export async function probePython(env: NodeJS.ProcessEnv): Promise<PythonProbe> {
  const none = { python: null, pandas: null, sklearn: null, xgboost: null };
  if (!existsSync(PYTHON)) return { problem: `${PYTHON} is not installed (apt-get install python3-sklearn python3-xgboost python3-pandas)`, versions: none, missing: [], threadpools: [] };
  const result = await runCommand(PYTHON, ['-c', PROBE_SCRIPT], env, 120_000);
  if (!result.ok) return { problem: result.problem, versions: none, missing: [], threadpools: [] };
  try {
    const parsed = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
      python: string;
      pandas: string | null;
      sklearn: string | null;
      xgboost: string | null;
      missing: string[];
      threadpools: string[];
    };
    const missing = parsed.missing;
    return {
      problem: missing.length > 0 ? `Python lacks ${missing.join('; ')} (apt-get install python3-sklearn python3-xgboost python3-pandas)` : null,
      versions: { python: parsed.python, pandas: parsed.pandas, sklearn: parsed.sklearn, xgboost: parsed.xgboost },
      missing,
      threadpools: parsed.threadpools,
    };
  } catch {
    return { problem: `${PYTHON} printed no readable probe result: ${result.stdout.slice(0, 200)}`, versions: none, missing: [], threadpools: [] };
  }
}

export interface ReferenceResult {
  /** As the script names it: logistic_regression, sklearn_hist_gbdt, xgboost_hist. */
  model: string;
  auc: number;
  logLoss: number;
  fitSeconds: number;
}

const RESULT_LINE = /^(\S+)\s+auc=([0-9.]+)\s+logloss=([0-9.]+)\s+fit_s=([0-9.]+)\s*$/;

/** The lines `reference_models.py fit` prints, one per model. */
export function parseReferenceResults(stdout: string): ReferenceResult[] {
  const results: ReferenceResult[] = [];
  for (const line of stdout.split('\n')) {
    const match = RESULT_LINE.exec(line.trim());
    if (!match) continue;
    results.push({ model: match[1]!, auc: Number(match[2]), logLoss: Number(match[3]), fitSeconds: Number(match[4]) });
  }
  return results;
}

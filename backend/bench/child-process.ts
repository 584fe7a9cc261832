import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { MeasurementHooks } from './load.ts';

/**
 * Requests and answers between a benchmark and a helper script it runs as a child process (for its
 * own heap and event loop, so that the child's memory and CPU belong to the work it does alone).
 *
 * The parent sends `{ id, type, ...payload }`; the child answers `{ id, ok: true, value }` or
 * `{ id, ok: false, error }`. The child's output goes to stderr, never into the Markdown report.
 */

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface ChildHandle {
  request<T>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Asks the child to exit (`stop`), and kills it if it has not within a few seconds. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/** `nodeOptions`: options for node's command line, after this process's own (`process.execArgv`). */
export function forkChild(script: string, env: Record<string, string> = {}, nodeOptions: readonly string[] = []): ChildHandle {
  const child: ChildProcess = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 2, 2, 'ipc'], execArgv: [...process.execArgv, ...nodeOptions] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let exitError: Error | undefined;
  const exited = once(child, 'exit');
  child.on('message', (message: Reply) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(`${script} failed: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    exitError = new Error(`${script} exited (code ${String(code)}, signal ${String(signal)}); its output is above on stderr`);
    for (const waiting of pending.values()) waiting.reject(exitError);
    pending.clear();
  });
  return {
    request<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 600_000): Promise<T> {
      if (exitError) return Promise.reject(exitError);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script} did not answer ${type} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, type, ...payload });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ id: 0, type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

type Handler = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * The child's side: answers each request with its handler. `stop` (or the parent going away)
 * runs `onStop` and lets the process end.
 */
export function serveParent(handlers: Record<string, Handler>, onStop: () => Promise<void> = async () => {}): void {
  if (!process.send) throw new Error('This script runs as a child process of a benchmark (with an IPC channel)');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await onStop();
    } catch (error) {
      console.error('[bench child] error while stopping:', error);
      process.exitCode = 1;
    } finally {
      process.disconnect?.();
    }
  };
  process.on('message', (message: { id: number; type: string } & Record<string, unknown>) => {
    if (message.type === 'stop') {
      void stop();
      return;
    }
    const handler = handlers[message.type];
    const answer = (reply: Reply) => {
      if (process.connected) process.send?.(reply);
    };
    if (!handler) {
      answer({ id: message.id, ok: false, error: `unknown request ${message.type}` });
      return;
    }
    handler(message).then(
      (value) => answer({ id: message.id, ok: true, value }),
      (error: unknown) => {
        console.error(`[bench child] ${message.type} failed:`, error);
        answer({ id: message.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      },
    );
  });
  process.once('disconnect', () => void stop());
}

/** Hooks that read a child's CPU time (its `cpu` request: user + system µs) around a measured run. */
export function childCpuMeter(child: ChildHandle): MeasurementHooks & { micros(): number } {
  let start = 0;
  let end = 0;
  return {
    async before() {
      start = await child.request<number>('cpu');
    },
    async after() {
      end = await child.request<number>('cpu');
    },
    micros: () => end - start,
  };
}

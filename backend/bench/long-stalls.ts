import { fmt } from './benchmark.ts';

/**
 * Long stalls of this process's event loop, and whether its thread was working through them.
 *
 * A 1 ms timer ticks; a gap of more than LONG_STALL_MS between two ticks is a stall. The main
 * thread's own CPU time over the gap (process.threadCpuUsage) tells its two causes apart: time on
 * a CPU is this process's work (JavaScript, garbage collection), and the rest is time the thread
 * could not run, waiting for a core that other threads and processes held. On a shared machine the
 * second kind is the machine's, not the code's.
 */

/** A stall long enough to push requests arriving at 1 ms intervals past a 5 ms latency target. */
export const LONG_STALL_MS = 4;

export interface LongStall {
  /** performance.now() at the last tick before the gap. */
  startMs: number;
  ms: number;
  /** The main thread's CPU time during the gap. */
  onCpuMs: number;
}

export interface LongStallSummary {
  count: number;
  totalMs: number;
  /** Of totalMs, the time the main thread spent on a CPU. */
  onCpuMs: number;
  worstMs: number;
}

/** The main thread's CPU time so far, ms. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** Starts watching; `stop` ends it and returns the stalls seen. */
export function watchLongStalls(): { stop(): LongStall[] } {
  const stalls: LongStall[] = [];
  let lastTick = performance.now();
  let lastCpu = threadCpuMs();
  const ticker = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    if (now - lastTick > LONG_STALL_MS) stalls.push({ startMs: lastTick, ms: now - lastTick, onCpuMs: cpu - lastCpu });
    lastTick = now;
    lastCpu = cpu;
  }, 1);
  return {
    stop() {
      clearInterval(ticker);
      return stalls;
    },
  };
}

export function summarizeLongStalls(stalls: readonly LongStall[]): LongStallSummary {
  let totalMs = 0;
  let onCpuMs = 0;
  let worstMs = 0;
  for (const stall of stalls) {
    totalMs += stall.ms;
    onCpuMs += stall.onCpuMs;
    worstMs = Math.max(worstMs, stall.ms);
  }
  return { count: stalls.length, totalMs, onCpuMs, worstMs };
}

/** "N stalls over 4 ms, T ms in all: on a CPU C ms (G ms collecting garbage), waiting for a core W ms". */
export function describeLongStalls(stalls: LongStallSummary & { gcMs?: number }): string {
  if (stalls.count === 0) return `no stalls over ${LONG_STALL_MS} ms`;
  const garbage = stalls.gcMs === undefined ? '' : ` (${fmt(stalls.gcMs, 0)} ms of it collecting garbage)`;
  return `${stalls.count} stall${stalls.count === 1 ? '' : 's'} over ${LONG_STALL_MS} ms, ${fmt(stalls.totalMs, 0)} ms in all, the longest ${fmt(stalls.worstMs)} ms: on a CPU ${fmt(stalls.onCpuMs, 0)} ms${garbage}, waiting for a core ${fmt(Math.max(0, stalls.totalMs - stalls.onCpuMs), 0)} ms`;
}

/**
 * Peak memory of a stretch of work in this process, by sampling `process.memoryUsage()` on a
 * timer. A sample is taken only when the event loop gets to the timer, so a busy loop stretches
 * the interval; the largest gap between samples is reported with the peaks so that a reader can
 * tell how close together they really were. The kernel's high-water mark of the whole process
 * (`process.resourceUsage().maxRSS`) catches what falls between samples.
 */

const MIB = 1024 * 1024;

export interface MemoryPeaks {
  /** RSS when sampling started, in bytes. */
  rssAtStart: number;
  heapUsedAtStart: number;
  /** Largest sampled values, in bytes. */
  peakRss: number;
  peakHeapUsed: number;
  /** Largest sampled external + array buffer memory (Buffers, zlib), in bytes. */
  peakExternal: number;
  samples: number;
  /** Longest time between two consecutive samples, in milliseconds. */
  maxGapMs: number;
  /** The kernel's peak RSS of this process since it started, in bytes (includes anything before sampling began). */
  processMaxRss: number;
}

export interface MemorySampler {
  stop(): MemoryPeaks;
}

export function sampleMemory(intervalMs = 100): MemorySampler {
  const first = process.memoryUsage();
  const peaks = { rss: first.rss, heapUsed: first.heapUsed, external: first.external };
  let samples = 1;
  let last = performance.now();
  let maxGapMs = 0;
  const sample = () => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    const usage = process.memoryUsage();
    samples += 1;
    peaks.rss = Math.max(peaks.rss, usage.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
    peaks.external = Math.max(peaks.external, usage.external);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        rssAtStart: first.rss,
        heapUsedAtStart: first.heapUsed,
        peakRss: peaks.rss,
        peakHeapUsed: peaks.heapUsed,
        peakExternal: peaks.external,
        samples,
        maxGapMs,
        processMaxRss: process.resourceUsage().maxRSS * 1024,
      };
    },
  };
}

export const toMiB = (bytes: number): number => bytes / MIB;

/** CPU time (user + system, all threads) this process has used so far, in seconds. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

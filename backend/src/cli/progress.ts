import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the total once it is known; `undefined` shows a count without a bar. */
  setTotal(total: number | undefined): void;
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar on standard error when a person watches a terminal; otherwise (CI, pipes) a plain
 * line every few seconds, so logs stay readable.
 */
export function createProgress(label: string, unit: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let total = 0;
    return {
      setTotal(value) {
        total = value ?? 0;
        if (!started) {
          bar.start(total, 0);
          started = true;
        } else bar.setTotal(total);
      },
      update(done) {
        if (!started) this.setTotal(undefined);
        bar.update(Math.min(done, total || done));
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let total: number | undefined;
  let lastPrinted = 0;
  return {
    setTotal(value) {
      total = value;
    },
    update(done) {
      if (Date.now() - lastPrinted < 5_000) return;
      lastPrinted = Date.now();
      process.stderr.write(`${label}: ${done}${total === undefined ? '' : `/${total}`} ${unit}\n`);
    },
    stop() {},
  };
}

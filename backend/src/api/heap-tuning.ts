import v8 from 'node:v8';

/**
 * How a process that serves the API collects its young generation: without V8's allocation-site
 * pretenuring (decision 0025), and with each young-generation collection done by the main thread
 * alone (decision 0029). Called before the process allocates much.
 *
 * Pretenuring: V8 watches where objects are allocated; when most objects from one place in the
 * code outlive a young-generation collection, it starts allocating that place's objects straight
 * in the old generation. A 10,000-record scoring request does exactly that to the code every
 * request runs (reading records, explaining them, building results): its objects live for the
 * whole request. From then on, every single-record request's results, reasons and response were
 * born old, and everything young they pointed to was kept through collections by those old
 * parents. On the scoring benchmark a collection then promoted about 0.6 MB and paused the event
 * loop 2-2.5 ms; with pretenuring off, about 0.2 MB and 1.5 ms. The cost: objects that do live long
 * (a large request's records) are copied once more before they are promoted.
 *
 * Parallel scavenging: V8 splits each young-generation collection among helper threads and the
 * main thread waits for all of them. Serving's collections are small (about 0.2 MB survives), and
 * on a machine whose cores are busy with the database and other work a helper may wait for a core
 * while the event loop waits for the helper. Done by the main thread alone, the pauses were
 * shorter and the scoring benchmark's latency tail lower in three A/B runs.
 *
 * Only these flags' defaults change; nothing else about the heap. V8 reads both at every
 * collection, so setting them at run time takes effect (unlike `--single-threaded-gc`, which V8
 * refuses once started).
 */
export function tuneHeapForServing(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString('--no-parallel-scavenge');
}

/**
 * The Node.js options a process that serves the API starts with (decision 0032): `npm start`,
 * `npm run scorebridge`, the Docker image and the scoring benchmark pass them on node's command
 * line, the only place V8 takes them (NODE_OPTIONS refuses them, and set at run time they come too
 * late).
 *
 * `--no-memory-reducer`: after a quiet spell V8's memory reducer shrinks the heap with a full
 * collection that paused the API 26-58 ms, and left the young generation smaller, so that young
 * collections came about three times as often. A serving process keeps its heap instead.
 */
export const SERVING_NODE_OPTIONS: readonly string[] = Object.freeze(['--no-memory-reducer']);

/** Those of SERVING_NODE_OPTIONS this process was not started with. */
export function missingServingNodeOptions(): string[] {
  return SERVING_NODE_OPTIONS.filter((option) => !process.execArgv.includes(option));
}

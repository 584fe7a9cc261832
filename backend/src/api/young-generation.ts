import v8 from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring in a process that serves the API (decision 0025).
 *
 * V8 watches where objects are allocated; when most objects from one place in the code outlive a
 * young-generation collection, it starts allocating that place's objects straight in the old
 * generation. A 10,000-record scoring request does exactly that to the code every request runs
 * (reading records, explaining them, building results): its objects live for the whole request.
 * From then on, every single-record request's results, reasons and response were born old, and
 * everything young they pointed to was kept through collections by those old parents. On the
 * scoring benchmark a collection then promoted about 0.6 MB and paused the event loop 2-2.5 ms;
 * with pretenuring off, about 0.2 MB and 1.5 ms.
 *
 * The cost: objects that do live long (a large request's records) are copied once more before they
 * are promoted, which the benchmark's 10,000-record requests measure. Only the flag's default
 * changes; nothing else about the heap.
 */
export function keepRequestAllocationsYoung(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}

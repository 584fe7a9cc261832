import { z } from 'zod';
import { normalizeId } from './salesforce-ids.ts';

const regexSource = z.string().min(1).refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'must be a regular expression');

/**
 * Which requests a fault applies to: `path` is a regular expression tested against the URL path
 * (`/query` matches both `/query` and `/queryAll`), `method` an HTTP method. `times` is how often
 * it fires before it is used up.
 */
const targeting = {
  path: regexSource.optional(),
  method: z.string().min(1).optional(),
  times: z.number().int().positive().optional(),
};

/** Faults the stand-in can inject, as the control API and `faults.add` accept them. */
export const faultSpecSchema = z.discriminatedUnion('kind', [
  /** Answer with this status and Salesforce's error shape (default `times`: 1). */
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    errorCode: z.string().min(1).optional(),
    message: z.string().min(1).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    ...targeting,
  }),
  /** Answer 401 INVALID_SESSION_ID and revoke the token sent, so the client must refresh (default `times`: 1). */
  z.object({ kind: z.literal('sessionExpired'), ...targeting }),
  /** Hold the request this long, then serve it normally (default `times`: 1). */
  z.object({ kind: z.literal('delay'), delayMs: z.number().int().nonnegative().max(600_000), ...targeting }),
  /** Drop the connection without an answer (default `times`: 1). */
  z.object({ kind: z.literal('disconnect'), ...targeting }),
  /**
   * Fail records of each composite update or Bulk API ingest job with a per-record error (default
   * UNABLE_TO_LOCK_ROW; FIELD_CUSTOM_VALIDATION_EXCEPTION with the rule's message for a validation
   * rule): either this share of them (`fraction`), or exactly the records with these `ids`
   * (15 or 18 characters) wherever they come. Active until removed unless `times` is given.
   */
  z
    .object({
      kind: z.literal('recordFailures'),
      fraction: z.number().min(0).max(1).optional(),
      ids: z.array(z.string().refine((id) => normalizeId(id) !== undefined, 'must be a Salesforce id')).min(1).optional(),
      statusCode: z.string().min(1).optional(),
      message: z.string().min(1).optional(),
      ...targeting,
    })
    .refine((spec) => (spec.fraction === undefined) !== (spec.ids === undefined), 'give either fraction or ids'),
  /**
   * Once a query cursor (REST queryMore or Bulk API results) has served `pages` pages, fail every
   * further page with `status` (default 500), as when a sync dies midway. Locators stay valid, so
   * a resumed sync can go on once the fault is removed. Active until removed unless `times` is given.
   */
  z.object({ kind: z.literal('queryFailsAfterPages'), pages: z.number().int().nonnegative(), status: z.number().int().min(400).max(599).optional(), ...targeting }),
]);

export type FaultSpec = z.input<typeof faultSpecSchema>;

export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Firings left; null while it stays until removed. */
  readonly remaining: number | null;
  readonly fired: number;
}

/** The answer a request-level fault gives. */
export type RequestFault = Extract<FaultSpec, { kind: 'status' | 'sessionExpired' | 'disconnect' }>;

interface FaultState {
  id: string;
  spec: FaultSpec;
  pattern: RegExp | undefined;
  remaining: number;
  fired: number;
}

const LASTING_KINDS: ReadonlySet<FaultSpec['kind']> = new Set(['recordFailures', 'queryFailsAfterPages']);

/** A small deterministic generator, so the same fault fails the same records on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The faults in force, consulted by the server for each request, page and record batch. */
export class FaultController {
  #faults: FaultState[] = [];
  #nextId = 1;

  /** Validates and activates a fault; throws naming what is wrong with it. */
  add(spec: FaultSpec): ActiveFault {
    const parsed = faultSpecSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`Invalid fault: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fault'} ${issue.message}`).join('; ')}`);
    const data = parsed.data;
    const state: FaultState = {
      id: `fault-${this.#nextId++}`,
      spec: data,
      pattern: data.path ? new RegExp(data.path) : undefined,
      remaining: data.times ?? (LASTING_KINDS.has(data.kind) ? Number.POSITIVE_INFINITY : 1),
      fired: 0,
    };
    this.#faults.push(state);
    return this.#view(state);
  }

  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((fault) => fault.id !== id);
    return this.#faults.length < before;
  }

  clear(): void {
    this.#faults = [];
  }

  list(): ActiveFault[] {
    return this.#faults.map((fault) => this.#view(fault));
  }

  #view(fault: FaultState): ActiveFault {
    return { id: fault.id, spec: fault.spec, remaining: Number.isFinite(fault.remaining) ? fault.remaining : null, fired: fault.fired };
  }

  #matching(kinds: readonly FaultSpec['kind'][], method: string, path: string): FaultState[] {
    return this.#faults.filter(
      (fault) => kinds.includes(fault.spec.kind) && (!fault.spec.method || fault.spec.method.toUpperCase() === method.toUpperCase()) && (!fault.pattern || fault.pattern.test(path)),
    );
  }

  #fire(fault: FaultState): void {
    fault.fired += 1;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
  }

  /**
   * The delay and the answer for a request about to be served. A session can only expire on
   * requests that carry one (`authenticated`).
   */
  takeRequestFaults(method: string, path: string, authenticated: boolean): { delayMs: number; fault: RequestFault | undefined } {
    let delayMs = 0;
    for (const fault of this.#matching(['delay'], method, path)) {
      delayMs += (fault.spec as Extract<FaultSpec, { kind: 'delay' }>).delayMs;
      this.#fire(fault);
    }
    const kinds: FaultSpec['kind'][] = authenticated ? ['status', 'disconnect', 'sessionExpired'] : ['status', 'disconnect'];
    const [fault] = this.#matching(kinds, method, path);
    if (fault) this.#fire(fault);
    return { delayMs, fault: fault?.spec as RequestFault | undefined };
  }

  /**
   * Which of a request's records to fail, if a recordFailures fault applies: the positions of the
   * listed ids among `recordIds` (the request's records in order), or exactly
   * round(count × fraction) positions chosen at random.
   */
  takeRecordFailures(method: string, path: string, recordIds: readonly string[]): { failing: ReadonlySet<number>; statusCode: string; message: string } | undefined {
    const [fault] = this.#matching(['recordFailures'], method, path);
    if (!fault) return undefined;
    const spec = fault.spec as Extract<FaultSpec, { kind: 'recordFailures' }>;
    const random = seededRandom(Number(fault.id.slice(6)) * 7919 + fault.fired);
    this.#fire(fault);
    let failing: Set<number>;
    if (spec.ids) {
      const listed = new Set(spec.ids.map((id) => normalizeId(id)));
      failing = new Set(recordIds.flatMap((id, index) => (listed.has(normalizeId(id)) ? [index] : [])));
    } else {
      const positions = Array.from({ length: recordIds.length }, (_, index) => index);
      for (let index = positions.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [positions[index], positions[other]] = [positions[other]!, positions[index]!];
      }
      failing = new Set(positions.slice(0, Math.round(recordIds.length * (spec.fraction ?? 0))));
    }
    return {
      failing,
      statusCode: spec.statusCode ?? 'UNABLE_TO_LOCK_ROW',
      message: spec.message ?? 'unable to obtain exclusive access to this record or 1 records',
    };
  }

  /** The status to fail a page with, when a cursor that has served `pagesServed` pages must fail. */
  takePageFailure(method: string, path: string, pagesServed: number): number | undefined {
    const fault = this.#matching(['queryFailsAfterPages'], method, path).find(
      (candidate) => pagesServed >= (candidate.spec as Extract<FaultSpec, { kind: 'queryFailsAfterPages' }>).pages,
    );
    if (!fault) return undefined;
    this.#fire(fault);
    return (fault.spec as Extract<FaultSpec, { kind: 'queryFailsAfterPages' }>).status ?? 500;
  }
}

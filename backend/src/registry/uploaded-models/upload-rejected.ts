import { ValidationError } from '../../errors.ts';

/** One thing wrong with an upload, and the part of it to change: `file`, `mapping.inputs.age`, `positive`, `sampleRecord`. */
export interface UploadProblem {
  field: string;
  message: string;
}

/**
 * The error for an uploaded model that cannot be accepted as it is: a 422 (the API's
 * `validation_failed`, the CLI's one-line message) whose message holds every problem, each saying
 * what to change, and whose details name the part of the upload each is about.
 */
export function uploadRejected(problems: UploadProblem | readonly UploadProblem[]): ValidationError {
  const list = Array.isArray(problems) ? problems : [problems as UploadProblem];
  return new ValidationError(list.map((problem) => problem.message).join(' '), [...list]);
}

/** A name as messages show it: in double quotes, so that spaces and empty names are visible. */
export function quote(name: string): string {
  return JSON.stringify(name);
}

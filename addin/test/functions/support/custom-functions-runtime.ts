/**
 * The `CustomFunctions` global that Excel's runtime provides, as documented (custom-functions-runtime:
 * `associate`, the `Error` class with `code` and `message`, the `ErrorCode` values), installed for
 * tests that run the functions outside Excel. Importing this module installs it, once.
 */

const ErrorCode = Object.freeze({
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
});

class CustomFunctionsError {
  code: string;
  message?: string;
  constructor(code: string, message?: string) {
    this.code = code;
    if (message !== undefined) this.message = message;
  }
}

/** Function ids passed to CustomFunctions.associate, with the functions. */
export const associations = new Map<string, (...args: never[]) => unknown>();

const globals = globalThis as { CustomFunctions?: unknown };
globals.CustomFunctions ??= {
  ErrorCode,
  Error: CustomFunctionsError,
  associate(id: string, implementation: (...args: never[]) => unknown) {
    associations.set(id, implementation);
  },
};

/** A cancelable invocation as Excel passes it; `cancel()` does what Excel does when a cell's calculation is dropped. */
export function invocation(parameterAddresses?: string[]): CustomFunctions.CancelableInvocation & { cancel(): void } {
  const created: CustomFunctions.CancelableInvocation & { cancel(): void } = {
    ...(parameterAddresses ? { parameterAddresses } : {}),
    cancel() {
      created.onCanceled?.();
    },
  };
  return created;
}

/** An error value's code and message, for assertions. */
export function errorValue(value: unknown): { code: string; message: string | undefined } | undefined {
  return value instanceof CustomFunctions.Error ? { code: value.code, message: value.message } : undefined;
}

/**
 * PostgreSQL error codes we translate into domain errors. Translation happens in the service that
 * knows what a violated constraint means to the caller; everything else stays a 500.
 */
const UNIQUE_VIOLATION = '23505';

interface PostgresErrorShape {
  code?: string;
  constraint_name?: string;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const candidate = (error as { cause?: unknown })?.cause ?? error;
  const { code, constraint_name } = (candidate ?? {}) as PostgresErrorShape;
  return code === UNIQUE_VIOLATION && constraint_name === constraint;
}

/**
 * Cholesky factorisation and solve for the Newton step: the Hessian of the penalized log loss is
 * symmetric positive definite, and Cholesky is the fastest stable way to solve such a system
 * (n^3 / 3 multiply-adds, no pivoting needed).
 */

/**
 * Overwrites the lower triangle of the row-major `matrix` (size x size) with L, where L L' = matrix.
 * Returns false when a pivot is not clearly positive (the matrix is not positive definite in
 * floating point), leaving the matrix partly overwritten.
 */
export function choleskyFactor(matrix: Float64Array, size: number): boolean {
  for (let j = 0; j < size; j += 1) {
    let diagonal = matrix[j * size + j]!;
    for (let k = 0; k < j; k += 1) diagonal -= matrix[j * size + k]! ** 2;
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return false;
    const pivot = Math.sqrt(diagonal);
    matrix[j * size + j] = pivot;
    for (let i = j + 1; i < size; i += 1) {
      let value = matrix[i * size + j]!;
      for (let k = 0; k < j; k += 1) value -= matrix[i * size + k]! * matrix[j * size + k]!;
      matrix[i * size + j] = value / pivot;
    }
  }
  return true;
}

/** Solves L L' x = rhs with the factor from `choleskyFactor`, writing x over `rhs`. */
export function choleskySolve(factor: Float64Array, size: number, rhs: Float64Array): void {
  for (let i = 0; i < size; i += 1) {
    let value = rhs[i]!;
    for (let k = 0; k < i; k += 1) value -= factor[i * size + k]! * rhs[k]!;
    rhs[i] = value / factor[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i -= 1) {
    let value = rhs[i]!;
    for (let k = i + 1; k < size; k += 1) value -= factor[k * size + i]! * rhs[k]!;
    rhs[i] = value / factor[i * size + i]!;
  }
}

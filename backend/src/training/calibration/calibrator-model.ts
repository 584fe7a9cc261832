import { z } from 'zod';
import { ValidationError } from '../../errors.ts';

export const CALIBRATION_METHODS = Object.freeze({
  platt: 'platt',
  isotonic: 'isotonic',
} as const);
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[keyof typeof CALIBRATION_METHODS];

/** What a calibrator reads: the model's raw output (log-odds, margin) or its uncalibrated probability. */
export const CALIBRATOR_INPUTS = Object.freeze({
  raw: 'raw',
  probability: 'probability',
} as const);
export type CalibratorInput = (typeof CALIBRATOR_INPUTS)[keyof typeof CALIBRATOR_INPUTS];

const fittedOnSchema = z.object({ rowCount: z.number().int().positive(), positiveCount: z.number().int().positive() });

/**
 * Platt scaling: `probability = 1 / (1 + exp(-(slope x s + intercept)))`, where s is the raw score,
 * or logit(probability) when `input` is `probability`.
 */
export const plattCalibratorSchema = z.object({
  method: z.literal(CALIBRATION_METHODS.platt),
  input: z.enum(CALIBRATOR_INPUTS),
  slope: z.number(),
  intercept: z.number(),
  fittedOn: fittedOnSchema,
});

/**
 * Isotonic regression as a piecewise-linear function through knots (x ascending, y never
 * decreasing): flat at y[0] left of x[0] and at the last y right of the last x, linear between.
 */
export const isotonicCalibratorSchema = z
  .object({
    method: z.literal(CALIBRATION_METHODS.isotonic),
    input: z.enum(CALIBRATOR_INPUTS),
    x: z.array(z.number()).min(1),
    y: z.array(z.number().min(0).max(1)).min(1),
    fittedOn: fittedOnSchema,
  })
  .superRefine((calibrator, context) => {
    if (calibrator.x.length !== calibrator.y.length) context.addIssue({ code: 'custom', path: ['y'], message: 'needs as many values as x' });
    for (let k = 1; k < calibrator.x.length; k += 1) {
      if (!(calibrator.x[k]! > calibrator.x[k - 1]!)) context.addIssue({ code: 'custom', path: ['x', k], message: 'knots must be strictly increasing' });
      if (calibrator.y[k]! < calibrator.y[k - 1]!) context.addIssue({ code: 'custom', path: ['y', k], message: 'values must never decrease' });
    }
  });

export const calibratorSchema = z.discriminatedUnion('method', [plattCalibratorSchema, isotonicCalibratorSchema]);

export type PlattCalibrator = z.infer<typeof plattCalibratorSchema>;
export type IsotonicCalibrator = z.infer<typeof isotonicCalibratorSchema>;
export type Calibrator = z.infer<typeof calibratorSchema>;

/** Reads a calibrator back (a stored artifact), naming every bad field. */
export function parseCalibrator(value: unknown): Calibrator {
  const result = calibratorSchema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: ['calibrator', ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`Invalid calibrator: ${details[0]!.field}: ${details[0]!.message}`, details);
}

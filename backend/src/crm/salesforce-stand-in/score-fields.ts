import { SCORE_FIELD_DEFINITIONS } from '../writeback/score-fields.ts';
import type { StandInFieldDefinition } from './stand-in-options.ts';

/**
 * Scorebridge's custom score fields as an admin creates them on Lead and Opportunity (see the
 * write-back's README), for the demo org and for tests of an org that has them. Built from the
 * write-back's own definitions, so the stand-in cannot drift from what the write-back checks.
 */
export const SCORE_FIELDS: readonly StandInFieldDefinition[] = Object.freeze(
  SCORE_FIELD_DEFINITIONS.map(({ name, label, type, ...shape }) => ({
    name,
    label,
    type,
    ...('length' in shape ? { length: shape.length } : {}),
    ...('precision' in shape ? { precision: shape.precision, scale: shape.scale } : {}),
  })),
);

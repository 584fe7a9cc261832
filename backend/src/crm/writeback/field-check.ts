import { z } from 'zod';
import { ConflictError } from '../../errors.ts';
import { SCORE_FIELD_DEFINITIONS } from './score-fields.ts';

/** The parts of `GET /sobjects/{Object}/describe` the check reads, validated as they arrive. */
export const describeForWritebackSchema = z.object({
  name: z.string(),
  fields: z.array(z.object({ name: z.string(), type: z.string(), updateable: z.boolean(), length: z.number().optional() })),
});

export type DescribeForWriteback = z.infer<typeof describeForWritebackSchema>;

/**
 * Checks that the object has every score field, of the documented type and editable by the
 * integration user; throws one message naming each problem, so an admin can fix them all at once.
 * Returns the text fields' lengths, to which the values are cut.
 */
export function checkScoreFields(describe: DescribeForWriteback): Map<string, number> {
  // Field names are case-insensitive in Salesforce.
  const byName = new Map(describe.fields.map((field) => [field.name.toLowerCase(), field]));
  const missing: string[] = [];
  const wrongType: string[] = [];
  const readOnly: string[] = [];
  const lengths = new Map<string, number>();
  for (const definition of SCORE_FIELD_DEFINITIONS) {
    const field = byName.get(definition.name.toLowerCase());
    if (!field) missing.push(`${definition.name} (${definition.setupType})`);
    else if (field.type !== definition.type) wrongType.push(`${definition.name} is ${field.type}, not ${definition.type} (${definition.setupType})`);
    else if (!field.updateable) readOnly.push(definition.name);
    else if (field.length) lengths.set(definition.name, field.length);
  }
  const problems = [
    ...(missing.length > 0 ? [`missing fields ${missing.join(', ')}: an admin must create them on ${describe.name}`] : []),
    ...(wrongType.length > 0 ? [`fields of the wrong type: ${wrongType.join('; ')}`] : []),
    ...(readOnly.length > 0 ? [`fields the integration user cannot edit (field-level security): ${readOnly.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new ConflictError(`${describe.name} cannot take Scorebridge scores: ${problems.join('. ')}. Nothing was written.`);
  return lengths;
}

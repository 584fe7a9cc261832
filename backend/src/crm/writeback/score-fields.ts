import { z } from 'zod';

/**
 * The custom fields scores are written to, the same on Lead and Opportunity. An admin creates them
 * (README.md of this folder lists them as Salesforce's setup pages name the types); describe must
 * report each with `type`, and the integration user must be able to edit it.
 */
export const SCORE_FIELD_DEFINITIONS = Object.freeze([
  { name: 'Scorebridge_Score__c', label: 'Scorebridge Score', type: 'double', precision: 3, scale: 0, setupType: 'Number(3, 0)' },
  { name: 'Scorebridge_Grade__c', label: 'Scorebridge Grade', type: 'string', length: 10, setupType: 'Text(10)' },
  { name: 'Scorebridge_Reasons__c', label: 'Scorebridge Reasons', type: 'textarea', length: 32_768, setupType: 'Long Text Area(32768)' },
  { name: 'Scorebridge_Model_Version__c', label: 'Scorebridge Model Version', type: 'string', length: 255, setupType: 'Text(255)' },
  { name: 'Scorebridge_Scored_At__c', label: 'Scorebridge Scored At', type: 'datetime', setupType: 'Date/Time' },
] as const);

export type ScoreFieldName = (typeof SCORE_FIELD_DEFINITIONS)[number]['name'];

/** How many reasons go into the reasons field, strongest first. */
export const REASONS_WRITTEN = 5;

const reasonsSchema = z.array(z.object({ text: z.string(), points: z.number() }));

/** The score of one record as the write-back sends it. */
export interface ScoreToWrite {
  recordId: string;
  score: number;
  grade: string;
  reasons: unknown;
  modelName: string;
  versionNumber: number;
  scoredAt: Date;
}

/** "Lead source is Partner referral: +12", one line per reason; null when there are none. */
export function reasonsText(reasons: unknown): string | null {
  const parsed = reasonsSchema.safeParse(reasons);
  if (!parsed.success || parsed.data.length === 0) return null;
  return parsed.data
    .slice(0, REASONS_WRITTEN)
    .map(({ text, points }) => `${text}: ${points < 0 ? '-' : '+'}${Math.abs(Math.round(points))}`)
    .join('\n');
}

/** "Lead conversion v3". */
export function versionLabel(modelName: string, versionNumber: number): string {
  return `${modelName} v${versionNumber}`;
}

/**
 * The field values of one record. Text is cut to the length the org's describe reports (`lengths`),
 * so a field created shorter than documented still takes the start of the text.
 */
export function scoreFieldValues(score: ScoreToWrite, lengths: ReadonlyMap<string, number>): Record<ScoreFieldName, string | number | null> {
  const cut = (name: ScoreFieldName, text: string | null) => {
    const length = lengths.get(name);
    return text !== null && length !== undefined && length > 0 && text.length > length ? text.slice(0, length) : text;
  };
  return {
    Scorebridge_Score__c: score.score,
    Scorebridge_Grade__c: cut('Scorebridge_Grade__c', score.grade),
    Scorebridge_Reasons__c: cut('Scorebridge_Reasons__c', reasonsText(score.reasons)),
    Scorebridge_Model_Version__c: cut('Scorebridge_Model_Version__c', versionLabel(score.modelName, score.versionNumber)),
    Scorebridge_Scored_At__c: score.scoredAt.toISOString(),
  };
}

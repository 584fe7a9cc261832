import type { FeatureModelKind, FeatureSpec } from '@scorebridge/shared';
import type { Cell } from '../../datasets/table.ts';

/**
 * A generated table of 30 columns of every kind (10 numeric, 8 categorical, 3 boolean, 4 date,
 * 3 free text, 2 email), deterministic, with some missing and unreadable cells. Cells are drawn
 * from small pools of strings, as real CRM data repeats its values.
 */
export function wideTable(rowCount: number): { columns: string[]; rows: Cell[][] } {
  let state = 42;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pool = (size: number, make: (index: number) => string): string[] => Array.from({ length: size }, (_, index) => make(index));
  const numbers = pool(500, (index) => (index % 50 === 0 ? 'N/A' : String(Math.round(index * 37.3) / 10)));
  const categories = pool(40, (index) => (index === 0 ? 'Select' : `Category ${index}`));
  const booleans = ['yes', 'no', 'true', 'false', ''];
  const dates = pool(400, (index) => new Date(Date.UTC(2023, 0, 1) + index * 86_400_000 + (index % 24) * 3_600_000).toISOString());
  const texts = pool(50, (index) => 'word '.repeat(index % 12).trim() + (index % 7 === 0 ? ' 👍' : ''));
  const emails = pool(60, (index) => (index % 3 === 0 ? `user${index}@gmail.com` : index % 3 === 1 ? `user${index}@acme${index}.example` : 'nobody'));

  const columns: string[] = [];
  const makers: (() => Cell)[] = [];
  const add = (prefix: string, count: number, make: () => Cell): void => {
    for (let index = 0; index < count; index += 1) {
      columns.push(`${prefix}${index}`);
      makers.push(make);
    }
  };
  add('number', 10, () => numbers[Math.floor(next() * numbers.length)]!);
  add('category', 8, () => categories[Math.floor(next() * next() * categories.length)]!);
  add('flag', 3, () => booleans[Math.floor(next() * booleans.length)]!);
  add('date', 4, () => (next() < 0.05 ? null : dates[Math.floor(next() * dates.length)]!));
  add('text', 3, () => texts[Math.floor(next() * texts.length)]!);
  add('email', 2, () => emails[Math.floor(next() * emails.length)]!);
  columns.push('won');
  makers.push(() => (next() < 0.2 ? 'Won' : 'Lost'));

  const rows = Array.from({ length: rowCount }, () => makers.map((make) => make()));
  return { columns, rows };
}

export function wideSpec(columns: readonly string[], modelKind: FeatureModelKind): FeatureSpec {
  const of = (prefix: string): string[] => columns.filter((column) => column.startsWith(prefix));
  const missing = modelKind === 'linear' ? ({ impute: 'mean', indicator: true } as const) : undefined;
  return {
    modelKind,
    target: { column: 'won', positiveLabel: 'Won' },
    referenceDate: '2024-06-30T00:00:00Z',
    columns: [
      ...of('number').map((name) => ({ name, type: 'numeric' as const, missing })),
      ...of('category').map((name) => ({ name, type: 'categorical' as const, maxCategories: 30 })),
      ...of('flag').map((name) => ({ name, type: 'boolean' as const, missing })),
      ...of('date').map((name) => ({ name, type: 'date' as const, derive: ['daysSince', 'weekday', 'month'] as ('daysSince' | 'weekday' | 'month')[], missing })),
      ...of('text').map((name) => ({ name, type: 'text' as const, derive: ['textLength', 'wordCount'] as ('textLength' | 'wordCount')[], missing })),
      ...of('email').map((name) => ({ name, type: 'text' as const, derive: ['emailDomainKind'] as 'emailDomainKind'[] })),
    ],
    ratios: [{ numerator: 'number0', denominator: 'number1', missing }],
  };
}

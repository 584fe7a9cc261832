import type { FeatureSpec } from '@scorebridge/shared';
import type { Cell } from '../../datasets/table.ts';
import { rowsOf } from './tables.ts';

/** A small lead table with the usual mess: placeholders, a locale-formatted number, typos, zones. */
export const LEAD_COLUMNS = ['Id', 'Industry', 'Employees', 'Revenue', 'HasPhone', 'CreatedDate', 'Email', 'Description', 'Converted'];

export const LEAD_ROWS: Cell[][] = rowsOf(LEAD_COLUMNS, [
  { Id: 'L1', Industry: 'Retail', Employees: '10', Revenue: '1000', HasPhone: 'yes', CreatedDate: '2024-03-04', Email: 'ana@gmail.com', Description: 'Wants a demo', Converted: 'true' },
  { Id: 'L2', Industry: 'Retail', Employees: '20', Revenue: '4000', HasPhone: 'no', CreatedDate: '2024-03-05T23:30:00-05:00', Email: 'bo@acme.example', Description: 'Price list please', Converted: 'false' },
  { Id: 'L3', Industry: 'Banking', Employees: '30', Revenue: '9000', HasPhone: 'yes', CreatedDate: '2024-02-29T08:00:00Z', Email: 'not an email', Description: null, Converted: 'TRUE' },
  { Id: 'L4', Industry: 'Select', Employees: 'N/A', Revenue: '1.234,5', HasPhone: null, CreatedDate: null, Email: null, Description: 'N/A', Converted: 'False' },
  { Id: 'L5', Industry: 'Banking', Employees: '40', Revenue: '0', HasPhone: 'Y', CreatedDate: '2024-01-15 12:00', Email: 'cy@Outlook.com', Description: 'Call back next week about pricing', Converted: 'false' },
  { Id: 'L6', Industry: ' Retail ', Employees: '50', Revenue: '2000', HasPhone: 'n', CreatedDate: '2023-12-31T23:00:00-02:00', Email: 'di@corp.example', Description: 'ok', Converted: 'false' },
  { Id: 'L7', Industry: 'Tech', Employees: '60', Revenue: '3000', HasPhone: 'yes', CreatedDate: '2024-03-01', Email: 'ed@tech.example', Description: 'Long text about requirements', Converted: null },
]);

/** A tree spec over the lead table, with every kind of column and derivation. */
export function treeLeadSpec(overrides: Partial<FeatureSpec> = {}): FeatureSpec {
  return {
    modelKind: 'trees',
    target: { column: 'Converted', positiveLabel: 'true' },
    referenceDate: '2024-03-10T00:00:00Z',
    columns: [
      { name: 'Industry', type: 'categorical', maxCategories: 10, minCount: 2 },
      { name: 'Employees', type: 'numeric' },
      { name: 'Revenue', type: 'numeric' },
      { name: 'HasPhone', type: 'boolean' },
      { name: 'CreatedDate', type: 'date', derive: ['daysSince', 'weekday', 'month'] },
      { name: 'Email', type: 'text', derive: ['emailDomainKind'] },
      { name: 'Description', type: 'text', derive: ['textLength', 'wordCount'] },
    ],
    ratios: [{ numerator: 'Revenue', denominator: 'Employees' }],
    excluded: [{ column: 'Id', reason: 'identifier' }],
    ...overrides,
  };
}

/** The same columns for the linear model: imputed, standardized, one-hot. */
export function linearLeadSpec(): FeatureSpec {
  return treeLeadSpec({
    modelKind: 'linear',
    columns: [
      { name: 'Industry', type: 'categorical', maxCategories: 10, minCount: 2 },
      { name: 'Employees', type: 'numeric', missing: { impute: 'median', indicator: true } },
      { name: 'Revenue', type: 'numeric', missing: { impute: 'mean' } },
      { name: 'HasPhone', type: 'boolean', missing: { impute: 'constant', constant: 0 } },
      { name: 'CreatedDate', type: 'date', derive: ['daysSince', 'weekday'] },
      { name: 'Email', type: 'text', derive: ['emailDomainKind'] },
      { name: 'Description', type: 'text', derive: ['wordCount'] },
    ],
    ratios: [{ name: 'RevenuePerEmployee', numerator: 'Revenue', denominator: 'Employees', missing: { impute: 'median' } }],
  });
}

import type { FeatureSpec } from '@scorebridge/shared';
import type { Cell } from '../../../datasets/table.ts';
import { LEAD_COLUMNS, treeLeadSpec } from '../../../features/test-support/lead-table.ts';
import { SeededRandom } from '../../../synthetic/index.ts';

/**
 * Lead rows (the columns of features/test-support/lead-table.ts) with everything a raw-field graph
 * must read as the TypeScript transform does: placeholders in any case and with whitespace around
 * them, empty and whitespace-only cells, unreadable numbers, booleans and dates, dates with zones
 * and before 1970, unseen and rare categories, category texts that differ only by case or by
 * surrounding whitespace, zero denominators, emails of every kind (free, corporate, invalid,
 * internationalized, with whitespace), and notes with tabs, line breaks, no-break and ideographic
 * spaces and emoji. The outcome follows a planted signal so the models have splits to make.
 */

const INDUSTRIES = ['Retail', 'Banking', 'Tech', 'Health', 'Energy', 'Media', 'Travel', 'Legal', 'retail', 'Mining'];
const UNSEEN_INDUSTRIES = ['Aerospace', 'Robotics', 'Tech ', 'TECH'];
const PLACEHOLDERS = ['N/A', 'n/a', ' Unknown ', '--None--', 'SELECT', '\u00a0null\t', '?', '#N/A'];
const BLANKS = ['', '   ', '\t\n', '\u3000'];
const NUMBERS = (random: SeededRandom): string => {
  const kind = random.int(10);
  const value = Math.round(random.between(0, 5000));
  if (kind === 0) return value.toLocaleString('en-US');
  if (kind === 1) return ` ${value} `;
  if (kind === 2) return `${value / 100}e2`;
  return String(value);
};
const UNREADABLE_NUMBERS = ['abc', '02139', '1.234,5', '$12', 'Infinity', '12 000'];
const BOOLEANS = ['yes', 'no', 'Y', 'n', 'TRUE', 'false', '1', '0', ' Yes ', 'T', 'f'];
const UNREADABLE_BOOLEANS = ['maybe', '2', 'ja'];
const FREE_DOMAINS = ['gmail.com', 'GMAIL.com', 'outlook.com', 'Yahoo.co.uk', 'hotmail.com'];
const CORPORATE_DOMAINS = ['acme.example', 'bücher.de', 'corp-x.io', 'mail.gmail.com.example', 'xn--80ak6aa92e.com', '例え.テスト'];
const INVALID_EMAILS = ['not an email', 'a@b', 'x@1.2', 'a b@c.com', '@x.com', 'a@-x.com', 'a@x-.com', 'a@b..com', 'a@b.c\u00a0d', 'a@b.123', 'a@b_c.com', 'ana@gmail.com.', 'a@b@', 'a\u2028b@c.com'];
const WORDS = ['demo', 'pricing', 'call', 'back', 'next', 'week', 'über', '😀', 'requirements', 'x'];
const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003', '\ufeff'];

export interface MessyLeads {
  columns: string[];
  rows: Cell[][];
}

/** `unseen` draws some industries training never had; the outcome is "true"/"false", sometimes missing. */
export function messyLeads(rowCount: number, seed: number, options: { unseen?: boolean } = {}): MessyLeads {
  const random = new SeededRandom(seed);
  const rows: Cell[][] = [];
  for (let row = 0; row < rowCount; row++) {
    let logit = -0.3;
    const missingOr = (chance: number, make: () => Cell): Cell => {
      const draw = random.next();
      if (draw < chance / 3) return null;
      if (draw < (2 * chance) / 3) return random.pick(BLANKS);
      if (draw < chance) return random.pick(PLACEHOLDERS);
      return make();
    };

    const industry = missingOr(0.15, () => {
      if (options.unseen && random.chance(0.1)) return random.pick(UNSEEN_INDUSTRIES);
      const index = random.chance(0.02) ? 9 : random.int(9);
      logit += [-0.8, 0.4, 0.9, 0, -0.3, 0.5, -0.6, 0.2, 0.1, 1][index]!;
      const name = INDUSTRIES[index]!;
      return random.chance(0.05) ? `\u00a0${name} ` : name;
    });
    const employees = missingOr(0.2, () => {
      if (random.chance(0.05)) return random.pick(UNREADABLE_NUMBERS);
      const text = NUMBERS(random);
      logit += Number(text.replace(/,/g, '')) > 2500 ? 0.7 : -0.2;
      return text;
    });
    const revenue = missingOr(0.2, () => (random.chance(0.1) ? '0' : random.chance(0.03) ? random.pick(UNREADABLE_NUMBERS) : String(Math.round(random.between(0, 1e6)) / 100)));
    const hasPhone = missingOr(0.15, () => {
      if (random.chance(0.05)) return random.pick(UNREADABLE_BOOLEANS);
      const word = random.pick(BOOLEANS);
      if (['yes', 'Y', 'TRUE', '1', ' Yes ', 'T'].includes(word)) logit += 0.6;
      return word;
    });
    const created = missingOr(0.1, () => {
      if (random.chance(0.03)) return random.pick(['soon', '2024-13-01', '31/31/2024']);
      const ms = Date.UTC(1965, 0, 1) + Math.floor(random.between(0, 60 * 365.25)) * 86_400_000 + random.int(86_400) * 1000;
      const date = new Date(ms);
      if (date.getUTCDay() === 1) logit += 0.5;
      if (ms > Date.UTC(2020, 0, 1)) logit += 0.4;
      const iso = date.toISOString();
      const [day, time] = [iso.slice(0, 10), iso.slice(11, 19)];
      switch (random.int(6)) {
        case 0:
          return day;
        case 1:
          return `${day}T${time}-05:00`;
        case 2:
          return day.replace(/-/g, '/');
        case 3:
          return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${(date.getUTCHours() % 12) + 1}:30 ${date.getUTCHours() < 12 ? 'AM' : 'PM'}`;
        case 4:
          return `${day} ${time.slice(0, 5)}`;
        default:
          return ` ${iso} `;
      }
    });
    const email = missingOr(0.1, () => {
      const kind = random.int(10);
      const local = random.pick(['ana', 'Bo.Smith', 'c+tag', 'dí', 'x@y']);
      let address: string;
      if (kind < 4) {
        address = `${local}@${random.pick(FREE_DOMAINS)}`;
        logit -= 0.4;
      } else if (kind < 8) {
        address = `${local}@${random.pick(CORPORATE_DOMAINS)}`;
        logit += 0.4;
      } else {
        address = random.pick(INVALID_EMAILS);
      }
      return random.chance(0.1) ? ` ${address}\t` : address;
    });
    const description = missingOr(0.15, () => {
      const words = random.int(12);
      let text = random.chance(0.2) ? random.pick(SEPARATORS) : '';
      for (let word = 0; word < words; word++) text += (word > 0 ? random.pick(SEPARATORS) : '') + random.pick(WORDS);
      logit += words > 6 ? 0.5 : 0;
      return random.chance(0.2) ? `${text}${random.pick(SEPARATORS)}` : text;
    });
    const converted = random.chance(0.02) ? null : random.chance(1 / (1 + Math.exp(-logit))) ? 'true' : 'false';
    rows.push([`L${row}`, industry, employees, revenue, hasPhone, created, email, description, converted]);
  }
  return { columns: [...LEAD_COLUMNS], rows };
}

/** The trees spec of the lead table: every derivation (date parts, email kind, text measures) and a ratio. */
export function messyTreeSpec(): FeatureSpec {
  return treeLeadSpec({ missingPlaceholders: ['N/A', 'unknown', '--none--', 'select', 'null', '?', '#n/a'] });
}

/** The same for the linear model: every derivation again, imputed (mean, median, constant), with indicators, one-hot. */
export function messyLinearSpec(): FeatureSpec {
  return treeLeadSpec({
    modelKind: 'linear',
    missingPlaceholders: ['N/A', 'unknown', '--none--', 'select', 'null', '?', '#n/a'],
    columns: [
      { name: 'Industry', type: 'categorical', maxCategories: 10, minCount: 20 },
      { name: 'Employees', type: 'numeric', missing: { impute: 'median', indicator: true } },
      { name: 'Revenue', type: 'numeric', missing: { impute: 'mean' } },
      { name: 'HasPhone', type: 'boolean', missing: { impute: 'constant', constant: 0, indicator: true } },
      { name: 'CreatedDate', type: 'date', derive: ['daysSince', 'weekday', 'month'], missing: { impute: 'mean', indicator: true } },
      { name: 'Email', type: 'text', derive: ['emailDomainKind'] },
      { name: 'Description', type: 'text', derive: ['textLength', 'wordCount'], missing: { impute: 'constant', constant: 0 } },
    ],
    ratios: [{ name: 'RevenuePerEmployee', numerator: 'Revenue', denominator: 'Employees', missing: { impute: 'median', indicator: true } }],
  });
}

/**
 * Words from which people, companies, job titles and deal names are composed. Company e-mail
 * domains end in `.example` (reserved by RFC 2606) so that no generated address belongs to a real
 * company; free-mail addresses use the real providers' domains because "is this a free-mail
 * address" is a feature worth learning and must look the way it does in real CRM data.
 */
import type { SeededRandom } from './seeded-random.ts';

export const FIRST_NAMES = Object.freeze([
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Priya', 'Emily',
  'Steven', 'Donna', 'Andrew', 'Michelle', 'Kenji', 'Carol', 'Joshua', 'Amanda', 'Lukas', 'Melissa',
  'Wei', 'Deborah', 'Ahmed', 'Stephanie', 'Olivier', 'Rebecca', 'Raj', 'Laura', 'Sven', 'Sofia',
] as const);

export const LAST_NAMES = Object.freeze([
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Patel', 'Müller', 'Schmidt', 'Dubois', 'Tanaka', "O'Brien", 'Kowalski', 'Silva', 'Chen', 'Singh',
] as const);

const COMPANY_FIRST_WORDS = Object.freeze([
  'Acme', 'Apex', 'Blue', 'Bright', 'Cedar', 'Copper', 'Crest', 'Delta', 'Eagle', 'Evergreen',
  'First', 'Granite', 'Harbor', 'Iron', 'Keystone', 'Lake', 'Maple', 'North', 'Oak', 'Pacific',
  'Pine', 'Pioneer', 'Quantum', 'Red', 'River', 'Silver', 'Summit', 'Sun', 'Union', 'Vertex',
] as const);

const COMPANY_SECOND_WORDS = Object.freeze([
  'Analytics', 'Bridge', 'Capital', 'Dynamics', 'Energy', 'Foods', 'Freight', 'Health', 'Industries', 'Labs',
  'Logistics', 'Media', 'Motors', 'Networks', 'Partners', 'Pharma', 'Retail', 'Robotics', 'Software', 'Systems',
  'Solutions', 'Studios', 'Supply', 'Technologies', 'Textiles', 'Tools', 'Travel', 'Ventures', 'Works', 'Group',
] as const);

const COMPANY_SUFFIXES = Object.freeze(['Inc.', 'LLC', 'Ltd', 'GmbH', 'Corp.', 'Co.', 'plc', 'S.A.'] as const);

export const FREE_MAIL_DOMAINS = Object.freeze(['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com'] as const);

/** Job titles by seniority, from individual contributor (0) to the C-suite (4). */
export const TITLES_BY_SENIORITY = Object.freeze([
  Object.freeze(['Analyst', 'Sales Associate', 'Engineer', 'Coordinator', 'Specialist', 'Consultant']),
  Object.freeze(['Manager', 'IT Manager', 'Marketing Manager', 'Operations Manager', 'Team Lead', 'Project Manager']),
  Object.freeze(['Director', 'Director of IT', 'Director of Sales', 'Head of Operations', 'Head of Marketing']),
  Object.freeze(['VP Sales', 'VP Engineering', 'Vice President, Operations', 'SVP Marketing']),
  Object.freeze(['CEO', 'CTO', 'CFO', 'COO', 'CIO', 'Founder']),
] as const);

const DEAL_PRODUCTS = Object.freeze(['Licenses', 'Seats', 'Subscription', 'Implementation', 'Support Renewal', 'Platform Upgrade', 'Training'] as const);

export interface CompanyName {
  name: string;
  /** The company's e-mail domain: `<words>.example`, lower case. */
  domain: string;
}

/** Every combination, built once, so that drawing a company allocates nothing. */
const COMPANY_NAMES: readonly CompanyName[] = Object.freeze(
  COMPANY_FIRST_WORDS.flatMap((first) =>
    COMPANY_SECOND_WORDS.flatMap((second) => COMPANY_SUFFIXES.map((suffix) => Object.freeze({ name: `${first} ${second} ${suffix}`, domain: `${first}${second}.example`.toLowerCase() }))),
  ),
);

export function drawCompanyName(random: SeededRandom): CompanyName {
  return random.pick(COMPANY_NAMES);
}

export function drawDealName(random: SeededRandom, accountName: string): string {
  const product = random.pick(DEAL_PRODUCTS);
  return product === 'Licenses' || product === 'Seats' ? `${accountName} - ${10 * (1 + random.int(50))} ${product}` : `${accountName} - ${product}`;
}

/** An e-mail address as people enter them: usually first.last, sometimes an initial and a number. */
export function composeEmail(random: SeededRandom, firstName: string, lastName: string, domain: string): string {
  const first = asciiLetters(firstName);
  const last = asciiLetters(lastName);
  const local = random.chance(0.7) ? `${first}.${last}` : `${first.charAt(0)}${last}${random.int(100)}`;
  return `${local}@${domain}`;
}

const asciiForms = new Map<string, string>();

/** Names come from the short lists above, so their address forms are computed once each. */
function asciiLetters(text: string): string {
  let ascii = asciiForms.get(text);
  if (ascii === undefined) {
    ascii = text
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    asciiForms.set(text, ascii);
  }
  return ascii;
}

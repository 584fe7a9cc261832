import assert from 'node:assert/strict';
import { SalesforceApiError } from '../salesforce-errors.ts';
import { parseSoql } from './soql-parser.ts';

function parseError(soql: string): SalesforceApiError {
  try {
    parseSoql(soql);
  } catch (error) {
    assert.ok(error instanceof SalesforceApiError);
    return error;
  }
  throw new Error(`expected ${soql} to be refused`);
}

describe('SOQL parser of the Salesforce stand-in', () => {
  it('should parse the query a sync sends', () => {
    const soql =
      'SELECT Id, Status, Account.Industry FROM Lead WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp <= 2024-02-01T12:30:00.5+02:00 AND IsDeleted = false ORDER BY SystemModstamp ASC, Id ASC LIMIT 500';
    const query = parseSoql(soql);
    assert.deepEqual(query.select.kind === 'fields' && query.select.fields.map((field) => field.text), ['Id', 'Status', 'Account.Industry']);
    assert.equal(query.from.name, 'Lead');
    assert.equal(query.limit, 500);
    assert.deepEqual(
      query.orderBy.map((item) => [item.field.text, item.descending, item.nullsLast]),
      [
        ['SystemModstamp', false, false],
        ['Id', false, false],
      ],
    );
    assert.equal(query.where?.kind, 'and');
    const conditions = query.where?.kind === 'and' ? query.where.conditions : [];
    assert.deepEqual(
      conditions.map((condition) => condition.kind === 'compare' && [condition.field.text, condition.operator, condition.value]),
      [
        ['SystemModstamp', '>=', { kind: 'datetime', value: '2024-01-01T00:00:00.000+0000', offset: soql.indexOf('2024-01-01') }],
        ['SystemModstamp', '<=', { kind: 'datetime', value: '2024-02-01T10:30:00.500+0000', offset: soql.indexOf('2024-02-01') }],
        ['IsDeleted', '=', { kind: 'boolean', value: false, offset: soql.indexOf('false') }],
      ],
    );
  });

  it('should read COUNT(), IN lists, LIKE, NOT, parentheses, escapes and keywords in any case', () => {
    assert.deepEqual(parseSoql('select count() from Lead').select, { kind: 'count' });
    const soql = "SELECT Id FROM Lead WHERE (Name LIKE 'O\\'Brien%' OR Status NOT IN ('A', 'B')) AND NOT Amount > -1.5 ORDER BY Name DESC NULLS LAST OFFSET 10";
    const query = parseSoql(soql);
    assert.equal(query.offset, 10);
    assert.deepEqual(query.orderBy.map((item) => [item.descending, item.nullsLast]), [[true, true]]);
    assert.equal(query.where?.kind, 'and');
    const [either, negated] = query.where?.kind === 'and' ? query.where.conditions : [];
    assert.equal(either?.kind, 'or');
    const [like, notIn] = either?.kind === 'or' ? either.conditions : [];
    assert.deepEqual(like?.kind === 'compare' && like.value, { kind: 'string', value: "O'Brien%", offset: soql.indexOf("'O") });
    assert.deepEqual(notIn?.kind === 'in' && [notIn.negated, notIn.values.map((value) => value.kind === 'string' && value.value)], [true, ['A', 'B']]);
    assert.equal(negated?.kind, 'not');
  });

  it('should refuse what Salesforce refuses, pointing at the row and column', () => {
    const missing = parseError('SELECT Id FROM Lead WHERE');
    assert.equal(missing.errorCode, 'MALFORMED_QUERY');
    assert.equal(missing.message, "\nSELECT Id FROM Lead WHERE\n                         ^\nERROR at Row:1:Column:26\nunexpected token: '<EOF>'");
    assert.equal(parseError("SELECT Id FROM Lead WHERE A = 1 AND B = 2 OR C = 3").errorCode, 'MALFORMED_QUERY');
    assert.match(parseError('SELECT Id FROM Lead OFFSET 2001').message, /maximum SOQL offset allowed is 2000/);
    assert.match(parseError("SELECT Id FROM Lead WHERE Name = 'open").message, /unterminated string literal/);
    assert.match(parseError('SELECT Id, From FROM Lead').message, /unexpected token: 'From'/);
  });

  it('should name SOQL features the stand-in leaves out instead of calling them typos', () => {
    assert.match(parseError('SELECT Industry FROM Lead GROUP BY Industry').message, /does not support GROUP/);
    assert.match(parseError('SELECT Id, (SELECT Id FROM Contacts) FROM Account').message, /does not support relationship subqueries/);
    assert.match(parseError('SELECT Id FROM Lead WHERE Id IN (SELECT LeadId FROM CampaignMember)').message, /does not support semi-join subqueries/);
  });
});

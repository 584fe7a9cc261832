import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, REDACTED, redactSecrets } from './logger.ts';

/** A logger writing JSON lines into an array, as production writes them to standard output. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'info', format: 'json', destination });
  return { logger, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe('logger', () => {
  it('should replace secrets at any depth, in any case, and keep everything else', () => {
    const { logger, parsed } = capturingLogger();
    logger.info(
      {
        req: { method: 'POST', headers: { authorization: 'Bearer sb_live_abc', cookie: 'sid=1', 'x-api-key': 'k', accept: 'application/json' } },
        connection: { instanceUrl: 'https://example.my.salesforce.com', accessToken: 'at', nested: [{ RefreshToken: 'rt', kept: 1 }] },
        DATABASE_URL: 'postgres://scorebridge:hunter2@db/scorebridge',
        user: { email: 'ann@example.com', password: 'hunter2' },
      },
      'connected',
    );
    const [line] = parsed();
    assert.deepEqual(line!.req, { method: 'POST', headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, accept: 'application/json' } });
    assert.deepEqual(line!.connection, { instanceUrl: 'https://example.my.salesforce.com', accessToken: REDACTED, nested: [{ RefreshToken: REDACTED, kept: 1 }] });
    assert.equal(line!.DATABASE_URL, REDACTED);
    assert.deepEqual(line!.user, { email: 'ann@example.com', password: REDACTED });
    assert.equal(line!.msg, 'connected');
    assert.equal(line!.service, 'scorebridge');
  });

  it('should redact the bindings of a child logger too', () => {
    const { logger, lines } = capturingLogger();
    logger.child({ credentials: { secret: 's3cr3t' } }).warn('retrying');
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes('s3cr3t'), lines[0]);
    assert.ok(lines[0]!.endsWith('\n'));
  });

  it('should leave a line alone when a secret key only appears inside a string', () => {
    const line = `${JSON.stringify({ level: 30, msg: 'the body had "password": set', field: 'tokens' })}\n`;
    assert.equal(redactSecrets(line), line);
  });

  it('should pass a line without secret keys through unchanged', () => {
    const line = `${JSON.stringify({ level: 30, req: { id: 'a', method: 'POST', url: '/v1/score' }, res: { statusCode: 200 }, tokenCount: 3 })}\n`;
    assert.equal(redactSecrets(line), line);
  });

  it('should withhold a line that may hold a secret but cannot be read as JSON', () => {
    const written = redactSecrets('{"password": "hunter2", broken\n');
    assert.ok(!written.includes('hunter2'));
    assert.match(written, /withheld/);
  });
});

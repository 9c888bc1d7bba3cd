import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The embedded database (PGlite) is a folder that one process at a time may
 * open: a second process writing to it would lose its writes, or worse.
 * `DATA_DIR/lock.json` names the process that holds it, and once that process
 * is a listening server, how a local command (`npm run account:*`) reaches it.
 */
export interface EmbeddedOwner {
  pid: number;
  /** Identifies the process beyond its pid, which a restarted container may reuse. */
  process: string | null;
  holder: 'server' | 'command';
  /** Set once the server listens: where `account:*` commands send their requests. */
  url?: string;
  /** The bearer token that admits those requests (the file is readable by its owner only). */
  token?: string;
}

/** Thrown when another live process holds the embedded database. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: EmbeddedOwner,
  ) {
    const what =
      owner.pid < 0
        ? 'another process'
        : owner.holder === 'server'
          ? `a running Response server (process ${owner.pid})`
          : `a running command such as account:* or migration:* (process ${owner.pid})`;
    super(
      `The embedded database under ${dataDir} is in use by ${what}. ` +
        'It can be opened by one process at a time: stop that process first, or set DATABASE_URL ' +
        `to share a Postgres database. If no such process runs, delete ${lockFile(dataDir)}.`,
    );
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

const held = new Set<string>();

export function lockFile(dataDir: string): string {
  return resolve(dataDir, 'lock.json');
}

/** Linux: boot id and start time of a process, so that a reused pid is not taken for the old one. */
function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${fields[19]}`;
  } catch {
    return null;
  }
}

function isAlive(owner: EmbeddedOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.process === null) return true;
  const now = processIdentity(owner.pid);
  return now === null || now === owner.process;
}

/**
 * The live process holding the embedded database, or null when it is free. A
 * lock file that cannot be read counts as held by an unknown process (pid -1).
 */
export function embeddedOwner(dataDir: string): EmbeddedOwner | null {
  let text: string;
  try {
    text = readFileSync(lockFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { pid: -1, process: null, holder: 'command' };
  }
  let owner: EmbeddedOwner;
  try {
    owner = JSON.parse(text) as EmbeddedOwner;
  } catch {
    return { pid: -1, process: null, holder: 'command' };
  }
  if (typeof owner?.pid !== 'number') return { pid: -1, process: null, holder: 'command' };
  if (owner.pid === process.pid) return owner;
  return isAlive(owner) ? owner : null;
}

/** Writes the lock file whole: created only if absent (`create`), or replaced. */
function write(dataDir: string, owner: EmbeddedOwner, mode: 'create' | 'replace'): void {
  const temp = resolve(dataDir, `.lock.${process.pid}.json`);
  writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  try {
    if (mode === 'create') linkSync(temp, lockFile(dataDir));
    else renameSync(temp, lockFile(dataDir));
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Takes the embedded database under `dataDir` for this process, or throws
 * {@link EmbeddedDatabaseInUseError}. Taking it again in the same process is
 * a no-op; it is given back when the process exits.
 */
export function acquireEmbeddedLock(dataDir: string, holder: EmbeddedOwner['holder']): void {
  const dir = resolve(dataDir);
  if (held.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  const me: EmbeddedOwner = { pid: process.pid, process: processIdentity(process.pid), holder };
  for (let attempt = 0; ; attempt++) {
    try {
      write(dir, me, 'create');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = embeddedOwner(dir);
      if (owner && owner.pid !== process.pid) throw new EmbeddedDatabaseInUseError(dataDir, owner);
      if (owner) break;
      if (attempt > 0) {
        // Another process took it between our two attempts.
        throw new EmbeddedDatabaseInUseError(dataDir, {
          pid: -1,
          process: null,
          holder: 'command',
        });
      }
      // Left behind by a process that is gone.
      rmSync(lockFile(dir), { force: true });
    }
  }
  held.add(dir);
  process.once('exit', () => {
    if (embeddedOwner(dir)?.pid === process.pid) rmSync(lockFile(dir), { force: true });
  });
}

/** Tells local commands how to reach this server (only when this process holds the database). */
export function advertiseEmbeddedServer(dataDir: string, url: string, token: string): void {
  const dir = resolve(dataDir);
  if (!held.has(dir)) return;
  const me = processIdentity(process.pid);
  write(dir, { pid: process.pid, process: me, holder: 'server', url, token }, 'replace');
}

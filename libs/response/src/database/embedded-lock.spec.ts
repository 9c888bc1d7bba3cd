import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acquireEmbeddedLock,
  advertiseEmbeddedServer,
  EmbeddedDatabaseInUseError,
  embeddedOwner,
  lockFile,
} from './embedded-lock.js';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'response-lock-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('the embedded database lock', () => {
  it('is taken once per process, readable by its owner only, and advertises a server', () => {
    const dir = folder();
    acquireEmbeddedLock(dir, 'server');
    acquireEmbeddedLock(dir, 'server');
    expect(embeddedOwner(dir)).toMatchObject({ pid: process.pid, holder: 'server' });
    expect(statSync(lockFile(dir)).mode & 0o077).toBe(0);
    advertiseEmbeddedServer(dir, 'http://127.0.0.1:1234', 'token');
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8'))).toMatchObject({
      pid: process.pid,
      url: 'http://127.0.0.1:1234',
      token: 'token',
    });
  });

  it('refuses while another live process holds it, naming it', () => {
    const dir = folder();
    // The parent of this process is alive and is not this process.
    writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: process.ppid, process: null, holder: 'server' }),
    );
    expect(() => acquireEmbeddedLock(dir, 'command')).toThrow(EmbeddedDatabaseInUseError);
    expect(() => acquireEmbeddedLock(dir, 'command')).toThrow(
      new RegExp(`running Response server \\(process ${process.ppid}\\)`),
    );
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = folder();
    writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: deadPid(), process: null, holder: 'command' }),
    );
    expect(embeddedOwner(dir)).toBeNull();
    acquireEmbeddedLock(dir, 'command');
    expect(embeddedOwner(dir)).toMatchObject({ pid: process.pid, holder: 'command' });
  });

  it('counts a live pid that now belongs to another process as gone', () => {
    const dir = folder();
    writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: process.ppid, process: 'another-boot:1', holder: 'server' }),
    );
    const owner = embeddedOwner(dir);
    // Where /proc tells who a pid is, the stranger is seen through; elsewhere the pid is trusted.
    if (process.platform === 'linux') expect(owner).toBeNull();
    else expect(owner).not.toBeNull();
  });

  it('counts an unreadable lock file as held', () => {
    const dir = folder();
    writeFileSync(lockFile(dir), '{"pid": 12');
    expect(embeddedOwner(dir)).toMatchObject({ pid: -1 });
    expect(() => acquireEmbeddedLock(dir, 'command')).toThrow(/in use by another process/);
  });
});

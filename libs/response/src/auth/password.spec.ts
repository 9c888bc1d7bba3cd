import { describe, expect, it } from '@jest/globals';
import { decoyHash, hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('stores scrypt$salt$hash and verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('never matches a malformed or foreign hash', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$',
      'scrypt$abc$',
      'bcrypt$a$b',
      'scrypt$YWJj$YWJj',
      'scrypt$a$b$c',
    ]) {
      await expect(verifyPassword('x', stored)).resolves.toBe(false);
    }
  });

  it('normalizes Unicode so the same password typed differently matches', async () => {
    const stored = await hashPassword('caf\u00e9');
    await expect(verifyPassword('cafe\u0301', stored)).resolves.toBe(true);
  });

  it('has a decoy hash that no guess matches', async () => {
    const decoy = await decoyHash();
    await expect(verifyPassword('admin', decoy)).resolves.toBe(false);
    expect(await decoyHash()).toBe(decoy);
  });
});

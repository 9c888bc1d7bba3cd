import { describe, expect, it } from '@jest/globals';
import {
  checkedLookup,
  checkWebhookUrl,
  isPublicAddress,
  RefusedAddressError,
} from './address-guard.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fd12:3456::1',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkWebhookUrl', () => {
  it('refuses loopback, private and link-local hosts, literal or by name', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/',
      'http://2130706433/', // 127.0.0.1 written as a number
      'http://0x7f.1/',
      'http://localhost/hook',
    ])
      await expect(checkWebhookUrl(url, false)).rejects.toBeInstanceOf(RefusedAddressError);
  });

  it('allows them with WEBHOOK_ALLOW_PRIVATE', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
  });

  it('refuses other schemes and credentials', async () => {
    await expect(checkWebhookUrl('ftp://example.com/', true)).rejects.toThrow(/http/);
    await expect(checkWebhookUrl('file:///etc/passwd', true)).rejects.toThrow(/http/);
    await expect(checkWebhookUrl('https://user:pw@example.com/', true)).rejects.toThrow(
      /user name or password/,
    );
    await expect(checkWebhookUrl('not a url', true)).rejects.toThrow(/absolute/);
  });
});

describe('checkedLookup', () => {
  const resolve = (allowPrivate: boolean, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((done) =>
      checkedLookup(allowPrivate)('localhost', { all }, (error, address) =>
        done({ error, address }),
      ),
    );

  it('refuses a name that resolves to loopback, so the connection never starts', async () => {
    const { error } = await resolve(false, false);
    expect(error).toBeInstanceOf(RefusedAddressError);
    expect((await resolve(false, true)).error).toBeInstanceOf(RefusedAddressError);
  });

  it('hands the connection the address it checked', async () => {
    const one = await resolve(true, false);
    expect(one.error).toBeNull();
    expect(isPublicAddress(String(one.address))).toBe(false);
    const all = await resolve(true, true);
    expect(Array.isArray(all.address)).toBe(true);
  });
});

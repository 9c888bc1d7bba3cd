import { describe, expect, it } from '@jest/globals';
import type { Config } from '../config/config.js';
import { ModalMetadata } from './modal-metadata.js';

const config = (secret: string) => ({ slack: { signingSecret: secret } }) as Config;

describe('ModalMetadata', () => {
  const metadata = new ModalMetadata(config('secret-one'));

  it('opens what it sealed, for the user it was sealed for', () => {
    const sealed = metadata.seal({ incident: 42, channel: 'C1' }, 'U1');
    expect(metadata.open(sealed, 'U1')).toEqual({ incident: 42, channel: 'C1' });
    expect(sealed.length).toBeLessThan(3000);
  });

  it('refuses another user, a tampered body, another secret and plain values', () => {
    const sealed = metadata.seal({ incident: 42 }, 'U1');
    expect(metadata.open(sealed, 'U2')).toBeNull();
    const [body, mac] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'U1', d: { incident: 7 } })).toString(
      'base64url',
    );
    expect(metadata.open(`${forged}.${mac}`, 'U1')).toBeNull();
    expect(metadata.open(`${body}.${mac.slice(1)}`, 'U1')).toBeNull();
    expect(new ModalMetadata(config('secret-two')).open(sealed, 'U1')).toBeNull();
    expect(metadata.open('42', 'U1')).toBeNull();
    expect(metadata.open('', 'U1')).toBeNull();
  });
});

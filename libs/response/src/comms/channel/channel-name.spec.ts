import { describe, expect, it } from '@jest/globals';
import { CHANNEL_NAME_MAX, channelName, slugify, withSuffix } from './channel-name.js';

describe('slugify', () => {
  it('lower-cases words and joins them with dashes', () => {
    expect(slugify('Card Payments Outage')).toBe('card-payments-outage');
  });

  it('keeps only characters Slack allows in channel names', () => {
    expect(slugify('API 5xx: checkout & "login" (EU)!')).toBe('api-5xx-checkout-login-eu');
    expect(slugify('db_primary -- failover')).toBe('db_primary-failover');
    expect(slugify('  --Leading and trailing--  ')).toBe('leading-and-trailing');
  });

  it('slugs the decoded text, never entity names', () => {
    expect(slugify('Card &amp; payments &lt;failing&gt;')).toBe('card-payments-failing');
    expect(slugify('R&amp;D outage')).toBe('r-d-outage');
  });

  it('drops accents and other scripts', () => {
    expect(slugify('Crème brûlée déjà vu')).toBe('creme-brulee-deja-vu');
    expect(slugify('支付 down')).toBe('down');
    expect(slugify('🔥🔥')).toBe('');
  });
});

describe('channelName', () => {
  it('is prefix, id and slug of the report', () => {
    expect(channelName('inc', 42, 'Card payments are failing')).toBe(
      'inc-42-card-payments-are-failing',
    );
  });

  it('skips an empty slug', () => {
    expect(channelName('inc', 7, '🔥')).toBe('inc-7');
  });

  it('never exceeds 80 characters nor ends with a dash', () => {
    const name = channelName('inc', 123456, 'word '.repeat(40));
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name.startsWith('inc-123456-word-word')).toBe(true);
    expect(name).toMatch(/^[a-z0-9_-]+[a-z0-9]$/);
  });
});

describe('withSuffix', () => {
  it('appends a number', () => {
    expect(withSuffix('inc-1-outage', 2)).toBe('inc-1-outage-2');
  });

  it('shortens the name to make room for the suffix', () => {
    const long = channelName('inc', 1, 'x'.repeat(200));
    const named = withSuffix(long, 12);
    expect(named.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(named.endsWith('x-12')).toBe(true);
  });
});

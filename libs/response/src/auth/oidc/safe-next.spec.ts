import { describe, expect, it } from '@jest/globals';
import { safeNext } from './safe-next.js';

describe('safeNext', () => {
  const site = 'https://response.example.com';

  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/incident/3/', site)).toBe('/incident/3/');
    expect(safeNext('/incident/3/?tab=actions#a1', site)).toBe('/incident/3/?tab=actions#a1');
  });

  it.each([
    undefined,
    ['/x'],
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    '/login',
    '/login/?next=/x',
    `/${'a'.repeat(2001)}`,
  ])('sends %p to /', (next) => {
    expect(safeNext(next, site)).toBe('/');
  });
});

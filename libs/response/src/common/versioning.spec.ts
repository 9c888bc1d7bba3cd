import { describe, expect, it } from '@jest/globals';
import { ValidationError } from './errors.js';
import { isVersioned, VersionPrecondition, versionEtag } from './versioning.js';

describe('VersionPrecondition', () => {
  it('is last-write-wins without If-Match or a body version', () => {
    const none = VersionPrecondition.of(undefined, undefined);
    expect(none.given).toBe(false);
    expect(none.holds(1)).toBe(true);
    expect(none.holds(99)).toBe(true);
  });

  it('reads the ETags of If-Match, strong, weak or bare, one or several', () => {
    expect(VersionPrecondition.of('"3"', undefined).holds(3)).toBe(true);
    expect(VersionPrecondition.of('"3"', undefined).holds(4)).toBe(false);
    expect(VersionPrecondition.of('W/"4"', undefined).holds(4)).toBe(true);
    expect(VersionPrecondition.of('5', undefined).holds(5)).toBe(true);
    expect(VersionPrecondition.of(' "1", "7" ', undefined).holds(7)).toBe(true);
    expect(VersionPrecondition.of('*', undefined).holds(12)).toBe(true);
    expect(VersionPrecondition.of('*', undefined).given).toBe(true);
  });

  it('needs the body version to be current as well', () => {
    expect(VersionPrecondition.of(undefined, 2).holds(2)).toBe(true);
    expect(VersionPrecondition.of(undefined, 2).holds(3)).toBe(false);
    expect(VersionPrecondition.of('"3"', 2).holds(3)).toBe(false);
  });

  it('refuses an If-Match that is no ETag with a 400 naming the header', () => {
    for (const bad of ['', 'abc', '"x"', '"3', '"3",', '"99999999999"']) {
      expect(() => VersionPrecondition.of(bad, undefined)).toThrow(ValidationError);
    }
    try {
      VersionPrecondition.of('nope', undefined);
    } catch (error) {
      expect((error as ValidationError).errors).toHaveProperty('If-Match');
    }
  });
});

describe('ETags', () => {
  it('quote the version, and only single objects have one', () => {
    expect(versionEtag(7)).toBe('"7"');
    expect(isVersioned({ id: 1, version: 2 })).toBe(true);
    expect(isVersioned({ count: 1, results: [], version: 2 })).toBe(false);
    expect(isVersioned(null)).toBe(false);
  });
});

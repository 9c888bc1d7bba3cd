import { nextFrom, safeNext } from './login-redirect';

describe('login redirects', () => {
  it('only goes back inside the app, and never to the login page', () => {
    expect(safeNext('/incident/4?x=1')).toBe('/incident/4?x=1');
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/login?next=%2Fincident%2F4')).toBe('/');
  });

  it('does not nest next parameters when already on the login page', () => {
    expect(nextFrom('/incident/4')).toBe('/incident/4');
    expect(nextFrom('/?status=live&page=2')).toBe('/?status=live&page=2');
    expect(nextFrom('/login?next=%2Fincident%2F4')).toBe('/incident/4');
    expect(nextFrom('/login?next=%2Flogin%3Fnext%3D%252Fx')).toBe('/');
    expect(nextFrom('/login')).toBe('/');
  });
});

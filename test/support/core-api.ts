import type { TestApp } from './app.js';
import { ADMIN } from './app.js';

/** Authenticated `/core` requests as the admin account (HTTP Basic). */
export function coreApi(t: Pick<TestApp, 'http'>) {
  const auth = <R extends { auth(user: string, password: string): R }>(req: R): R =>
    req.auth(ADMIN.username, ADMIN.password);
  return {
    get: (path: string) => auth(t.http().get(path)),
    post: (path: string, body?: unknown) => auth(t.http().post(path)).send(body as object),
    put: (path: string, body?: unknown) => auth(t.http().put(path)).send(body as object),
    patch: (path: string, body?: unknown) => auth(t.http().patch(path)).send(body as object),
    delete: (path: string) => auth(t.http().delete(path)),
  };
}

/**
 * Just enough of a browser for sign-in tests over HTTP: a cookie jar per
 * origin, and redirects followed by hand so that each hop can be looked at.
 */
export class BrowserClient {
  private readonly jars = new Map<string, Map<string, string>>();

  /** GET without following redirects, with the origin's cookies; keeps the cookies it sets. */
  async get(url: string): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jar(origin);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) ||
          (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()),
      );
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until one points at `stopAt` (not fetched) or an answer is not a redirect. */
  async follow(url: string, stopAt: string): Promise<{ url: string; res?: Response }> {
    let next = url;
    for (let hops = 0; hops < 20; hops++) {
      if (next.startsWith(stopAt)) return { url: next };
      const res = await this.get(next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: next, res };
      next = new URL(location, next).href;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Puts a cookie in the jar, as someone who copied it would. */
  setCookie(origin: string, name: string, value: string): void {
    this.jar(origin).set(name, value);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(origin).get(name);
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}

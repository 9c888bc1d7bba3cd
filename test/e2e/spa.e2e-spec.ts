import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.js';

const INDEX =
  '<!doctype html><html><head><base href="/"></head><body><app-root></app-root></body></html>';
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(4000))});`;

describe('web app serving', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'response-spa-'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'main-AB12CD34.js'), BUNDLE);
    writeFileSync(join(dist, 'favicon.ico'), 'icon');
    t = await startTestApp({ env: { CLIENT_DIST: dist }, redis: false });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / without caching', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toBe(INDEX);
  });

  it('opens deep links such as the Slack incident link /incident/42/', async () => {
    for (const path of ['/incident/42/', '/incident/42', '/incidents/new', '/login?next=%2F']) {
      const res = await t
        .http()
        .get(path)
        .set('Accept', 'text/html,application/xhtml+xml')
        .expect(200);
      expect(res.text).toBe(INDEX);
    }
  });

  it('serves hashed bundles with a long cache, compressed when asked', async () => {
    const res = await t
      .http()
      .get('/main-AB12CD34.js')
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    // The client decompresses; the bytes on the wire are the much smaller gzip form.
    expect((res.body as Buffer).toString()).toBe(BUNDLE);
    expect(Number(res.headers['content-length'])).toBeLessThan(BUNDLE.length / 10);
    const etag = res.headers.etag;
    await t.http().get('/main-AB12CD34.js').set('If-None-Match', etag).expect(304);
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await t.http().head('/favicon.ico').expect(200);
    expect(res.headers['content-length']).toBe('4');
  });

  it('leaves server paths and non-page requests to the API', async () => {
    // Answered by the API (401 without credentials), never by the web app's index.html.
    const api = await t
      .http()
      .get('/core/nothing-here')
      .set('Accept', 'text/html')
      .expect('Content-Type', /json/);
    expect([401, 404]).toContain(api.status);
    expect(api.body).toMatchObject({ statusCode: api.status });
    const missing = await t.http().get('/missing-file.js').set('Accept', '*/*').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
    await t
      .http()
      .get('/healthz')
      .set('Accept', 'text/html')
      .expect(200)
      .expect('Content-Type', /json/);
  });

  it('never leaves the dist folder', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%5c..%5cpackage.json',
    ]) {
      const res = await t.http().get(path).set('Accept', '*/*');
      expect(res.status).toBe(404);
    }
  });
});

describe('web app not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { CLIENT_DIST: join(tmpdir(), 'response-no-such-dist') },
      redis: false,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells how to build it', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('npm run build');
  });
});

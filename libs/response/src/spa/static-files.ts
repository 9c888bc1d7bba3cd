import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.txt',
  '.svg',
  '.ico',
  '.webmanifest',
]);

export interface StaticFile {
  type: string;
  etag: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/**
 * The built web app's files, read once and kept in memory with their gzip and
 * brotli forms (the whole app is a few hundred kilobytes). A rebuilt file is
 * picked up on the next request because entries are keyed by modification time.
 */
export class StaticFiles {
  private readonly root: string;
  private readonly cache = new Map<string, { mtimeMs: number; file: StaticFile }>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file under the root for a URL path, or undefined when there is none. */
  async get(urlPath: string): Promise<StaticFile | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const path = resolve(this.root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
    if (path !== this.root && !path.startsWith(this.root + sep)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached.file;
    const file = staticFile(await readFile(path), extname(path));
    this.cache.set(path, { mtimeMs: info.mtimeMs, file });
    return file;
  }
}

/** A file's body with its type, ETag and (when worth it) gzip and brotli forms; `ext` as `.html`. */
export function staticFile(body: Buffer, ext: string): StaticFile {
  const lower = ext.toLowerCase();
  const file: StaticFile = {
    type: TYPES[lower] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    body,
  };
  if (COMPRESSIBLE.has(lower) && body.length > 1024) {
    file.gzip = gzipSync(body, { level: 9 });
    file.br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  }
  return file;
}

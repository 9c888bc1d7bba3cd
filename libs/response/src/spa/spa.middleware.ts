import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from '@response/contracts';
import { SetupService } from '../auth/setup.service.js';
import { CONFIG, type Config } from '../config/config.js';
import { StaticFiles, staticFile, type StaticFile } from './static-files.js';

/** Paths that belong to the server; the web app never answers them. */
const SERVER_PREFIXES = ['/core', '/slack', '/admin', '/healthz', '/metrics'];

/** Angular's build names every bundle and media file with a content hash: `main-AB12CD34.js`. */
const HASHED = /-[A-Za-z0-9]{8,}\.[a-z0-9]+$/;

/** The first-start page, which exists only while no account does. */
const SETUP_PAGE = /^\/setup\/?$/;

const NOT_BUILT = 'The web app is not built yet. Run `npm run build`, then restart the server.\n';

/**
 * The built web app: `web/` inside the installed package (copied there by the
 * library's build), or, in this repository, the client's own build output.
 */
export function defaultClientDist(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packaged = resolve(here, '../web');
  if (existsSync(resolve(packaged, 'index.html'))) return packaged;
  return resolve(here, '../../../../client/dist/client/browser');
}

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built web app: its files with long caching when their names are
 * hashed, and `index.html` (never cached) for any other page a browser asks for,
 * so that deep links such as `/incident/42/` open in the app. `/setup` is a
 * page only while no account exists.
 */
@Injectable()
export class SpaMiddleware implements NestMiddleware {
  private readonly logger = new Logger(SpaMiddleware.name);
  private files: StaticFiles | undefined;
  private root: string | undefined;
  private warned = false;
  /** `index.html` with this server's settings for the web app, made once per build. */
  private page: { index: StaticFile; file: StaticFile } | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly setup: SetupService,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // The full path: a middleware mount may have shortened `req.path`.
    const path = req.originalUrl.split('?')[0] || '/';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(path)) {
      next();
      return;
    }
    this.serve(req, res, path).then(
      (served) => {
        if (!served) next();
      },
      (error: unknown) => next(error),
    );
  }

  private staticFiles(): StaticFiles {
    const root = this.config.app.clientDist ?? defaultClientDist();
    if (!this.files || this.root !== root) {
      this.files = new StaticFiles(root);
      this.root = root;
    }
    return this.files;
  }

  private async serve(req: Request, res: Response, path: string): Promise<boolean> {
    const files = this.staticFiles();
    if (!path.endsWith('/')) {
      const asset = await files.get(path);
      if (asset) {
        const immutable = HASHED.test(path);
        this.send(
          req,
          res,
          asset,
          immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
        return true;
      }
    }
    if (!this.wantsPage(req, path)) return false;
    // Once an account exists, the setup page is gone: 404, not the web app.
    if (SETUP_PAGE.test(path)) await this.setup.ensureRequired();
    const index = await files.get('/index.html');
    if (!index) {
      if (!this.warned) {
        this.logger.warn(`Web app not found in ${this.root}; run "npm run build"`);
        this.warned = true;
      }
      res
        .status(200)
        .type('text/plain; charset=utf-8')
        .set('Cache-Control', 'no-cache')
        .send(NOT_BUILT);
      return true;
    }
    this.send(req, res, this.withSettings(index), 'no-cache');
    return true;
  }

  /**
   * The web app's page with what it must know before it starts: the hosts that
   * markdown images may load from (`IMAGE_HOSTS`), in a `<meta>` element.
   */
  private withSettings(index: StaticFile): StaticFile {
    const hosts = this.config.app.imageHosts;
    if (hosts.length === 0) return index;
    if (this.page?.index === index) return this.page.file;
    const meta = `<meta name="response-image-hosts" content="${escapeHtml(hosts.join(','))}" />`;
    const html = index.body.toString('utf8').replace('</head>', `  ${meta}\n  </head>`);
    this.page = { index, file: staticFile(Buffer.from(html, 'utf8'), '.html') };
    return this.page.file;
  }

  /** A browser navigation (it asks for HTML), or `/` itself. */
  private wantsPage(req: Request, path: string): boolean {
    if (path === '/') return true;
    const accept = req.headers.accept ?? '';
    return accept.includes('text/html');
  }

  private send(req: Request, res: Response, file: StaticFile, cacheControl: string): void {
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', file.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    let body = file.body;
    if (file.br && /\bbr\b/.test(accepted)) {
      res.setHeader('Content-Encoding', 'br');
      body = file.br;
    } else if (file.gzip && /\bgzip\b/.test(accepted)) {
      res.setHeader('Content-Encoding', 'gzip');
      body = file.gzip;
    }
    res.setHeader('Content-Length', body.length);
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  }
}

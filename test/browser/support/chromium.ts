import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Exactly the flags the project runs Chromium with. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium to drive: one on the PATH (`chromium`, e.g. Debian's package) when
 * there is one, otherwise the build shipped inside the `@sparticuz/chromium` dev
 * dependency (unpacked once into the system's temporary folder). Set
 * `CHROMIUM_PATH` to choose another, or `CHROMIUM_PATH=bundled` to skip the PATH.
 */
export async function chromiumPath(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen && chosen !== 'bundled') return chosen;
  if (chosen !== 'bundled') {
    try {
      const path = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // none on the PATH: use the bundled one
    }
  }
  const bundled = (await import('@sparticuz/chromium')).default;
  return bundled.executablePath();
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own. */
export async function launchChromium(
  options: { width?: number; height?: number; isMobile?: boolean; bypassCSP?: boolean } = {},
): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'response-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: await chromiumPath(),
    // The flags carry --headless themselves; Playwright must not add its own.
    headless: false,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    isMobile: options.isMobile,
    // Lets a test prove the app is safe on its own, without the server's content security policy.
    bypassCSP: options.bypassCSP,
    acceptDownloads: true,
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One headless Chromium for the browser tests, driven by playwright-core. The browser comes
 * from npm: @sparticuz/chromium (a dev dependency) carries a headless Chromium in its tarball
 * and inflates it to /tmp on first use, so a fresh machine needs nothing but Node (issue 11).
 * A system Chromium (/usr/bin/chromium, or CHROMIUM_PATH) is used instead when present.
 *
 * A browser that cannot start FAILS the tests with a clear message — a skipped browser test
 * would read as a pass. The browser is launched on first use and shared by every browser spec;
 * a root `after` hook registered here closes it once the whole run is over.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** A system Chromium, preferred when it exists (CHROMIUM_PATH overrides the Debian path). */
export const SYSTEM_CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a system Chromium (headless, no sandbox: tests run as root in CI containers). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * @sparticuz/chromium's recommended flags minus those that would weaken what the tests check:
 * its build targets serverless sandboxes and turns web security off, but the report pages'
 * Content-Security-Policy and same-origin behaviour must be exercised as a user's browser does.
 */
const WEAKENING_FLAGS = ['--single-process', '--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials'];

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.test-artifacts/screenshots/', import.meta.url));

/** Which Chromium to start and with which flags. */
export interface BrowserBinary {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly source: 'system' | '@sparticuz/chromium';
}

/** The system Chromium when present, else the one inside @sparticuz/chromium (inflated to /tmp). */
export async function findBrowserBinary(): Promise<BrowserBinary> {
  if (existsSync(SYSTEM_CHROMIUM_PATH)) return { executablePath: SYSTEM_CHROMIUM_PATH, args: CHROMIUM_ARGS, source: 'system' };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  const args = [...packaged.args.filter((flag) => !WEAKENING_FLAGS.includes(flag)), '--disable-quic', '--no-first-run', '--disable-background-networking'];
  return { executablePath, args, source: '@sparticuz/chromium' };
}

/** Launches Chromium; throws, saying what was tried and what to do, when none can start. */
export async function launchBrowser(): Promise<Browser> {
  let binary: BrowserBinary | undefined;
  try {
    binary = await findBrowserBinary();
    return await chromium.launch({ executablePath: binary.executablePath, args: [...binary.args], headless: true });
  } catch (e) {
    const tried = binary ? `${binary.source} at ${binary.executablePath}` : `${SYSTEM_CHROMIUM_PATH} (missing) and @sparticuz/chromium`;
    throw new Error(`browser tests could not start Chromium (${tried}): ${(e as Error).message.split('\n')[0]}. `
      + 'Run `npm install` (the dev dependency @sparticuz/chromium ships the browser) or set CHROMIUM_PATH to a Chromium binary. '
      + 'These tests fail instead of skipping so that a missing browser is never mistaken for a pass.');
  }
}

/** The browser shared by all browser specs. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser();
  return shared;
}

let shared: Promise<Browser> | undefined;

if (typeof after === 'function') {
  after(async () => {
    const pending = shared;
    shared = undefined;
    if (pending !== undefined) await (await pending.catch(() => undefined))?.close();
  });
}

/** Collects what a person would see as breakage: console errors and uncaught page errors. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message} (${page.url()})`));
  return errors;
}

/** Saves a full-page screenshot as `.test-artifacts/screenshots/<name>.png`; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * One headless Chromium for the browser tests (Debian's /usr/bin/chromium driven by
 * playwright-core; no browser download). A missing browser FAILS the tests with a clear
 * message — a skipped browser test would read as a pass.
 *
 * The browser is launched on first use and shared by every browser spec; a root `after` hook
 * registered here closes it once the whole run is over.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.test-artifacts/screenshots/', import.meta.url));

let shared: Promise<Browser> | undefined;

/** Launches Chromium (throws, with what to do, when it is not installed). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM_PATH}, which is missing: install Debian's package `
      + '(apt-get install chromium; .ci/run does this). These tests fail instead of skipping so that a missing browser is never mistaken for a pass.');
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}

/** The browser shared by all browser specs. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser();
  return shared;
}

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

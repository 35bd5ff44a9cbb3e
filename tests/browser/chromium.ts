import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Real Chromium for the end-to-end tests, launched with the flags that give headless WebGPU on a CPU-only
 * machine (platform.md §2). Every page records what would indicate a broken app: console errors, uncaught
 * page errors, and warnings containing "Invalid" (how tfjs WebGPU reports invalid pipelines).
 */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

const baseArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Pass --enable-unsafe-webgpu (default true); false is a browser without WebGPU, to test the fallback. */
  readonly webgpu?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. The browser tests need it: install it (apt-get install chromium) ` +
        'or point CHROME_PATH at a Chromium/Chrome executable.',
    );
  }
  const args = options.webgpu === false ? baseArgs : [...baseArgs, '--enable-unsafe-webgpu'];
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors, page errors and "Invalid…" warnings, in order; tests assert it stays empty. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A page in a fresh context (no shared storage between tests) with its problems recorded. */
export async function openWatchedPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error') problems.push(`console error: ${text}`);
    else if (message.type() === 'warning' && text.includes('Invalid')) problems.push(`console warning: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems, close: () => context.close() };
}

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, inject } from 'vitest';

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
export async function openWatchedPage(browser: Browser, context: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context_ = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...context });
  const page = await context_.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error') problems.push(`console error: ${text}`);
    else if (message.type() === 'warning' && text.includes('Invalid')) problems.push(`console warning: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems, close: () => context_.close() };
}

/** How long the lab's engine may take to start (wasm, a loaded 2-core machine). */
export const ENGINE_TIMEOUT_MS = 90_000;

/** How long a test that trains in the lab may take. */
export const TEST_TIMEOUT_MS = 240_000;

export interface OpenOptions {
  /** The browser context: viewport, touch, mobile (default a 1280 × 900 desktop window). */
  readonly context?: BrowserContextOptions;
  /** Runs before the app loads, e.g. to add an init script. */
  readonly init?: (page: Page) => Promise<unknown>;
}

export interface ChromiumForTests {
  /** Opens the built app at `path` (relative to it, or an absolute URL) in a fresh watched page. */
  open(path?: string, options?: OpenOptions): Promise<WatchedPage>;
  /** Opens the lab on wasm and waits until its engine is ready, paused at step 0. */
  openLab(path?: string, options?: OpenOptions): Promise<WatchedPage>;
}

/**
 * One Chromium for a test file, launched when a test first opens a page, and fresh watched pages that are
 * closed after each test: registers the hooks and returns how to open the built app.
 */
export function useChromium(options: LaunchOptions = {}): ChromiumForTests {
  let browser: Promise<Browser> | undefined;
  const opened: WatchedPage[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((watched) => watched.close()));
  });
  afterAll(async () => {
    await (await browser)?.close();
  });
  const open = async (path = '', { context, init }: OpenOptions = {}): Promise<WatchedPage> => {
    const watched = await openWatchedPage(await (browser ??= launchChromium(options)), context);
    opened.push(watched);
    await init?.(watched.page);
    await watched.page.goto(new URL(path, inject('appUrl')).href);
    return watched;
  };
  return {
    open,
    async openLab(path = '?backend=wasm', openOptions) {
      const watched = await open(path, openOptions);
      await engineReady(watched.page);
      return watched;
    },
  };
}

/** Focuses a slider and moves it `presses` steps with the keyboard: ArrowRight, or ArrowLeft for a negative count. */
export async function pressSlider(slider: Locator, presses: number): Promise<void> {
  await slider.focus();
  for (let i = 0; i < Math.abs(presses); i++) await slider.press(presses > 0 ? 'ArrowRight' : 'ArrowLeft');
}

/** The lab's status line, "step 1,240 · loss … · wasm". */
export const statusLine = (page: Page) => page.getByRole('status').filter({ hasText: /^step / });

/** The step count on the status line. */
export async function statusStep(page: Page): Promise<number> {
  const text = (await statusLine(page).textContent()) ?? '';
  return Number(/^step ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', '') ?? NaN);
}

/** Waits until the engine has started on wasm, paused at step 0. */
export async function engineReady(page: Page): Promise<void> {
  await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
}

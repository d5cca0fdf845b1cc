/**
 * Debian's Chromium for the browser tests, driven by playwright-core: the executable, the flags this machine needs
 * (no sandbox as root, no background networking on a closed network), and one launch with the page's errors
 * collected and, optionally, every request outside localhost refused and reported.
 */
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

export interface TestBrowserOptions {
  /** Also collect console errors (page errors always are). */
  consoleErrors?: boolean;
  /** Refuse, and report in `errors`, every request to anywhere but localhost (blob: and data: pass). */
  blockExternal?: boolean;
}

/** A headless persistent context in `profileDir` (en-GB, 1280 x 900) and its first page; problems go to `errors`. */
export async function launchTestBrowser(
  profileDir: string,
  errors: string[],
  options: TestBrowserOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    locale: "en-GB",
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => errors.push(e.message));
  if (options.consoleErrors) {
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
  }
  if (options.blockExternal) {
    await context.route(/^(?!https?:\/\/(localhost|127\.0\.0\.1)[:/]).*/, (route) => {
      if (route.request().url().startsWith("blob:") || route.request().url().startsWith("data:")) return route.continue();
      errors.push(`external request: ${route.request().url()}`);
      return route.abort();
    });
  }
  return { context, page };
}

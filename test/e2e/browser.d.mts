// Types for browser.mjs, for the TypeScript tests that launch Chromium through it.
import type { Browser, Page } from 'playwright-core';

export const chromiumPath: string;
export function launchBrowser(options?: { language?: string; args?: string[] }): Promise<Browser>;
export function openWorkbench(browser: Browser, url: string, options?: { onPage?(page: Page): unknown }): Promise<Page>;
export function openFile(page: Page, name: string): Promise<unknown>;

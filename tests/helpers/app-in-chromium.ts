import { chromium, type Browser } from 'playwright-core';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { chromiumLaunchOptions } from './browser.js';
import { rendererDir } from './headless-app.js';
import { startSessionsApp, type SessionsApp } from './sessions-app.js';

export interface AppInChromium {
  app: SessionsApp;
  /** The built window (dist/renderer) over the loopback bridge. */
  server: HeadlessServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The whole app runtime (startSessionsApp), its window served over the bridge, and Debian's Chromium. */
export async function startAppInChromium(
  options: Parameters<typeof startSessionsApp>[0],
): Promise<AppInChromium> {
  const app = await startSessionsApp(options);
  const server = await startHeadlessServer({
    backend: app.runtime.core,
    rendererDir,
    logger: silentLogger(),
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  return {
    app,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await app.close();
    },
  };
}

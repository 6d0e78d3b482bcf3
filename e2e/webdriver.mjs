// A minimal W3C WebDriver client for geckodriver: playwright-core cannot drive a stock Firefox,
// so Firefox is driven the standard way. Only what the tests use.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER_PATH ?? 'geckodriver';

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const { value } = await response.json();
  if (value?.error) throw new Error(`${method} ${path}: ${value.error}: ${value.message}`);
  return value;
}

/** Starts geckodriver and a headless Firefox ESR session. */
export async function launchFirefox() {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ['--port', String(port), '--log', 'error'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await call(base, 'GET', '/status')).ready) break;
    } catch (error) {
      if (i > 100) throw error;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  const session = await call(base, 'POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: FIREFOX,
          args: ['-headless', '-width', '1200', '-height', '900'],
          prefs: {
            // No calls home: this machine's network is closed and they would only stall.
            'app.update.enabled': false,
            'browser.safebrowsing.malware.enabled': false,
            'browser.safebrowsing.phishing.enabled': false,
            'network.captive-portal-service.enabled': false,
            'network.connectivity-service.enabled': false,
            'datareporting.policy.dataSubmissionEnabled': false,
            'toolkit.telemetry.enabled': false,
          },
        },
      },
    },
  });
  const id = session.sessionId;
  const at = (path) => `/session/${id}${path}`;
  return {
    browserVersion: session.capabilities.browserVersion,
    goto: (url) => call(base, 'POST', at('/url'), { url }),
    /** Runs `body` (a function body using `arguments`) in the page and returns its value. */
    evaluate: (body, ...args) => call(base, 'POST', at('/execute/sync'), { script: body, args }),
    /** Polls `body` until it returns something truthy; returns that. */
    async waitFor(body, { timeout = 60_000, what = body } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const value = await call(base, 'POST', at('/execute/sync'), { script: body, args: [] });
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
        await new Promise((done) => setTimeout(done, 200));
      }
    },
    /** Runs later calls inside the frame that `selector` finds (null: the top document again). */
    async switchToFrame(selector) {
      if (selector === null) return call(base, 'POST', at('/frame'), { id: null });
      const element = await call(base, 'POST', at('/element'), { using: 'css selector', value: selector });
      return call(base, 'POST', at('/frame'), { id: element });
    },
    async screenshot() {
      return Buffer.from(await call(base, 'GET', at('/screenshot')), 'base64');
    },
    async close() {
      await call(base, 'DELETE', at('')).catch(() => {});
      driver.kill();
    },
  };
}

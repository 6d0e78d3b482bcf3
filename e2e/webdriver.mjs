// A minimal W3C WebDriver client: playwright-core cannot drive a stock Firefox or WebKitGTK, so
// they are driven the standard way, Firefox ESR through geckodriver and WebKitGTK's MiniBrowser
// (Safari's engine) through WebKitWebDriver under Xvfb. Only what the tests use.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER_PATH ?? 'geckodriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

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

/** Starts `command` (a WebDriver server taking `--port=`) and waits until it is ready. */
async function startDriver(command, args, env = {}) {
  const port = await freePort();
  // Its own process group, so closing the session also stops what it started (Xvfb).
  const driver = spawn(command, [...args, `--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env }, detached: true });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await call(base, 'GET', '/status')).ready) break;
    } catch (error) {
      if (i > 150) throw error;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { driver, base };
}

/** Starts geckodriver and a headless Firefox ESR session. */
export async function launchFirefox() {
  const { driver, base } = await startDriver(GECKODRIVER, ['--log', 'error']);
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
  return client(driver, base, session);
}

/**
 * Starts WebKitWebDriver under Xvfb (MiniBrowser has no headless mode) and a MiniBrowser
 * session. `sharedMemory`: turn on SharedArrayBuffer for isolated pages, as Safari has it
 * (WebKitGTK leaves it off by default); the JavaScriptCore option reaches the web process
 * through the driver's environment.
 */
export async function launchWebKit({ sharedMemory }) {
  const env = sharedMemory ? { JSC_useSharedArrayBuffer: '1' } : {};
  const { driver, base } = await startDriver('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver'], env);
  const session = await call(base, 'POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    },
  });
  return client(driver, base, session);
}

function client(driver, base, session) {
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
      try {
        process.kill(-driver.pid);
      } catch {
        driver.kill();
      }
    },
  };
}

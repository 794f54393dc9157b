// What the browser tests stand on: the real server binary on a fresh
// PostgreSQL database, and Chromium (Debian's, or whichever find-chromium.mjs
// finds) driven by playwright-core.

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from './find-chromium.mjs';

export const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(clientDir, '..');
export const screenshotDir = join(repoDir, 'screenshots');

const PG_HOST = process.env.PGHOST ?? '127.0.0.1';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Builds the client when it has not been built, then the server binary with
 * the client embedded, and starts it on a free port with a database of its
 * own, which stop() drops.
 */
export async function startServer() {
  if (!existsSync(join(clientDir, 'dist/app/index.html'))) {
    execFileSync('npm', ['run', 'build'], { cwd: clientDir, stdio: 'inherit' });
  }
  execFileSync('go', ['build', '-o', 'bin/server', '.'], { cwd: repoDir, stdio: 'inherit' });

  const db = `consumption_e2e_${randomBytes(6).toString('hex')}`;
  const port = await freePort();
  const logs = [];
  const proc = spawn(join(repoDir, 'bin/server'), [], {
    cwd: repoDir,
    env: {
      ...process.env,
      APP_ENV: 'development',
      PORT: String(port),
      // The metrics and profiler on a port of their own, whichever is free.
      METRICS_ADDR: '127.0.0.1:0',
      DATABASE_URL: `postgres://postgres@${PG_HOST}:5432/${db}?sslmode=disable`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => logs.push(String(d)));
  proc.stderr.on('data', (d) => logs.push(String(d)));
  const exited = new Promise((resolve) => proc.on('exit', resolve));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready within a minute:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    logs,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      try {
        execFileSync('psql', ['-h', PG_HOST, '-U', 'postgres', '-d', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], {
          stdio: 'ignore',
        });
      } catch {
        // Dropping is tidying; a leftover database fails nothing.
      }
    },
  };
}

/** Starts Chromium headless with a fresh profile. */
export async function launchBrowser() {
  const executablePath = findChromium();
  const profile = join(clientDir, 'e2e/.tmp', `profile-${randomBytes(4).toString('hex')}`);
  mkdirSync(profile, { recursive: true });
  // launchPersistentContext takes the profile folder; plain launch would
  // refuse --user-data-dir among the args.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return context;
}

/**
 * Makes page wait up to 15 s for what a test looks for, and adds its
 * console errors and uncaught exceptions to problems (each after label,
 * when a test watches several pages), which a test checks at its end.
 */
export function watchPage(page, problems, label = '') {
  const from = label ? `${label} ` : '';
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${from}console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${from}page error: ${e.message}`));
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/**
 * Saves the page at desktop and at phone width, whole, as
 * screenshots/NAME-desktop.png and NAME-phone.png, and returns whether the
 * page is wider than the phone's screen (it must not scroll sideways; wide
 * tables scroll inside their own box).
 */
export async function screenshots(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  let overflow = null;
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250); // charts redraw on resize
    await page.screenshot({ path: join(screenshotDir, `${name}-${label}.png`), fullPage: true });
    if (label === 'phone') {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > size.width) overflow = `${name} is ${width} pixels wide on a ${size.width}-pixel phone`;
    }
  }
  if (before) await page.setViewportSize(before);
  await page.waitForTimeout(150);
  return overflow;
}

/** Polls fn until it returns a truthy value, or fails with message. */
export async function eventually(fn, message, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core's WCAG 2 A and AA rules on the page and returns the serious
 * and critical violations (all of them with A11Y_ALL=1), one line each. `exclude` names parts that are not
 * ours (GraphiQL's editor).
 *
 * It checks the page at rest: a part that refreshes (`aria-busy`, drawn
 * faded) is waited for, and a check during which one started (a live
 * update arrived) is run again, a few times at most.
 */
export async function accessibilityViolations(page, exclude = []) {
  const impacts = process.env.A11Y_ALL ? ['minor', 'moderate', 'serious', 'critical'] : ['serious', 'critical'];
  // evaluate runs outside the page's Content-Security-Policy, which would
  // refuse an injected script tag.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async ({ exclude, impacts }) => {
    const busy = () => document.querySelector('[aria-busy="true"]') !== null;
    let result;
    for (let attempt = 0; attempt < 5; attempt++) {
      while (busy()) await new Promise((resolve) => setTimeout(resolve, 50));
      let refreshed = false;
      const observer = new MutationObserver(() => {
        refreshed = true;
      });
      observer.observe(document, { subtree: true, attributeFilter: ['aria-busy'] });
      result = await window.axe.run(
        { include: [document], exclude: exclude.map((s) => [s]) },
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
      );
      refreshed = refreshed || observer.takeRecords().length > 0;
      observer.disconnect();
      if (!refreshed) break;
    }
    if (result.passes.length === 0) return ['axe-core checked nothing: is the page empty?'];
    return result.violations
      .filter((v) => impacts.includes(v.impact))
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  }, { exclude, impacts });
  return violations;
}

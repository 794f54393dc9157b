// The dashboard in both themes, end to end, in Chromium against the real
// server: it follows the system's theme until a person picks one, keeps the
// pick, and passes axe-core's checks in light and dark on every page; a
// range that cuts its first and last months draws them as partial; the
// year-earlier overlay and the chart's CSV hold the server's numbers; the
// chart saves as a PNG image. Screenshots of both themes at desktop and
// phone width land in screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { accessibilityViolations, DESKTOP, eventually, launchBrowser, screenshotDir, screenshots, startServer, watchPage } from './harness.mjs';

let server;
let context;
let page;
const problems = [];
const a11y = [];

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize(DESKTOP);
  watchPage(page, problems);
});

after(async () => {
  await context?.close();
  await server?.stop();
});

async function checkAccessibility(name, exclude) {
  for (const v of await accessibilityViolations(page, exclude)) a11y.push(`${name}: ${v}`);
}

/** Sends a query with the dashboard's own access token. */
async function gql(query, variables = {}) {
  const token = await page.evaluate(() => JSON.parse(window.localStorage.getItem('consumption.session')).accessToken);
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** The last day of the month of "YYYY-MM-01". */
function monthEnd(first) {
  const d = new Date(`${first}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
}

const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

const SERIES = `query ($from: Date!, $to: Date!) {
  consumptionSeries(filter: { from: $from, to: $to }, granularity: MONTH) { type points { periodStart periodEnd amount coverage cost } }
}`;
const RANGE = { from: '2025-01-15', to: '2025-06-20' };
const DASHBOARD = `/?from=${RANGE.from}&to=${RANGE.to}&by=month`;

test('the dashboard in light and dark, with its overlay and exports', async (t) => {
  await t.test('a new account with two years of monthly electricity bills', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Email').fill(`theme.${Date.now()}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    const input = [];
    for (let y = 2024; y <= 2025; y++) {
      for (let m = 1; m <= 12; m++) {
        const start = `${y}-${String(m).padStart(2, '0')}-01`;
        // 2024's amounts are 100 + m, 2025's 200 + m: the overlay must show the former.
        input.push({ type: 'ELECTRICITY', amount: String((y - 2023) * 100 + m), unit: 'KWH', periodStart: start, periodEnd: monthEnd(start), cost: `${(y - 2023) * 30 + m}.50` });
      }
    }
    await gql('mutation ($input: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $input) { id } }', { input });
  });

  await t.test('the theme follows the system until one is picked', async () => {
    await page.goto(`${server.url}${DASHBOARD}`);
    await page.getByTestId('chart-ELECTRICITY').waitFor();
    assert.equal(await theme(), 'light');
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually(async () => (await theme()) === 'dark', 'the dark theme once the system prefers it');
    assert.notEqual(await background(), light);

    await page.getByLabel('Colour theme').selectOption('light');
    assert.equal(await theme(), 'light');
    await page.reload();
    await page.getByTestId('chart-ELECTRICITY').waitFor();
    assert.equal(await theme(), 'light', 'the pick outlives a reload, whatever the system prefers');
    assert.equal(await page.getByLabel('Colour theme').inputValue(), 'light');

    await page.getByLabel('Colour theme').selectOption('system');
    assert.equal(await theme(), 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(async () => (await theme()) === 'light', 'the system’s light theme again');
  });

  await t.test('a range that cuts its first and last months draws them as partial, and says which days it takes', async () => {
    const panel = page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') });
    await panel.getByText('Show the numbers').click();
    const rows = panel.locator('.chart__table tbody tr');
    await eventually(async () => (await rows.count()) === 6, 'six months, January to June');
    const states = await rows.evaluateAll((trs) => trs.map((r) => r.dataset.state));
    assert.deepEqual(states, ['partial', 'full', 'full', 'full', 'full', 'partial']);
    assert.match(await rows.first().locator('td').nth(1).textContent(), /^Only Jan 15\s–\s31, 2025 in the range \(17 of the month's 31 days\); records cover all of them$/);
    assert.match(await rows.nth(1).locator('td').nth(1).textContent(), /^Fully covered$/);
  });

  await t.test('the year-earlier overlay is in the address and shows the server’s figures of a year before', async () => {
    // Checked once the address changes: check() may look too early.
    await page.getByLabel('Compare with a year earlier').click();
    await page.waitForURL(/yoy=1/);
    const panel = page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') });
    await panel.getByRole('columnheader', { name: 'A year earlier' }).waitFor();
    const before = (await gql(SERIES, { from: '2024-01-15', to: '2024-06-20' })).consumptionSeries.find((s) => s.type === 'ELECTRICITY');
    const shown = await panel.locator('.chart__table tbody tr td:nth-child(4)').allTextContents();
    assert.equal(shown.length, 6);
    assert.deepEqual(shown, before.points.map((p) => String(Number(p.amount))));
    // 17 of January 2024's 31 days of 101 kWh.
    assert.equal(before.points[0].amount, '55.387097');
    await page.goBack();
    await eventually(async () => (await panel.getByRole('columnheader', { name: 'A year earlier' }).count()) === 0, 'the overlay gone after going back');
    await page.goForward();
    await panel.getByRole('columnheader', { name: 'A year earlier' }).waitFor();
  });

  await t.test('the CSV holds the buckets shown, with the server’s numbers, units and costs', async () => {
    await page.getByLabel('Money').click();
    await page.waitForURL(/show=money/);
    const panel = page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') });
    await panel.getByRole('columnheader', { name: 'Cost (EUR)' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: /^Download CSV/ }).click()]);
    assert.equal(download.suggestedFilename(), `electricity-cost-${RANGE.from}-${RANGE.to}-by-month.csv`);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(lines[0], ['Start', 'End', 'Days', 'Electricity (kWh)', 'Coverage', 'Cost (EUR)', 'Cost coverage', 'Year earlier start', 'Year earlier end', 'Year earlier cost (EUR)']);
    const now = (await gql(SERIES, RANGE)).consumptionSeries.find((s) => s.type === 'ELECTRICITY').points;
    const earlier = (await gql(SERIES, { from: '2024-01-15', to: '2024-06-20' })).consumptionSeries.find((s) => s.type === 'ELECTRICITY').points;
    assert.equal(lines.length, 1 + now.length);
    now.forEach((p, i) => {
      const row = lines[i + 1];
      assert.equal(row[3], p.amount, `amount of ${p.periodStart}`);
      assert.equal(row[5], p.cost, `cost of ${p.periodStart}`);
      assert.equal(row[9], earlier[i].cost, `cost a year before ${p.periodStart}`);
    });
    assert.deepEqual(lines[1].slice(0, 3), ['2025-01-15', '2025-01-31', '17']);
    assert.deepEqual(lines[6].slice(0, 3), ['2025-06-01', '2025-06-20', '20']);
    // January 2025: 201 kWh over 31 days, 17 of them in the range (the
    // server rounds the points so that they add up to the total).
    assert.ok(Math.abs(Number(lines[1][3]) - (201 * 17) / 31) <= 1e-6, `January's ${lines[1][3]} kWh`);
  });

  await t.test('the chart saves as a PNG image', async () => {
    const panel = page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') });
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: /^Save image/ }).click()]);
    assert.match(download.suggestedFilename(), /^electricity-cost-.*\.png$/);
    const png = readFileSync(await download.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    // The width, from the IHDR chunk: at least 640 pixels at twice the density.
    assert.ok(png.readUInt32BE(16) >= 1280, `an image ${png.readUInt32BE(16)} pixels wide`);
  });

  await t.test('every page passes the accessibility checks in both themes, and is screenshot in both', async () => {
    await page.getByLabel('Amounts').click();
    await page.waitForURL(/show=amount/);
    const pages = [
      ['dashboard', DASHBOARD + '&yoy=1', () => page.getByTestId('chart-ELECTRICITY').waitFor()],
      ['records', '/records', () => page.getByRole('heading', { name: 'Records', level: 1 }).waitFor()],
      ['meters', '/meters', () => page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor()],
      ['tariffs', '/tariffs', () => page.getByRole('heading', { name: 'Tariffs', level: 1 }).waitFor()],
      ['settings', '/settings', () => page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()],
    ];
    for (const choice of ['light', 'dark']) {
      await page.getByLabel('Colour theme').selectOption(choice);
      for (const [name, path, ready] of pages) {
        await page.goto(`${server.url}${path}`);
        await ready();
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
        assert.equal(await theme(), choice);
        await checkAccessibility(`${name}-${choice}`);
        if (name === 'dashboard') {
          // The numbers table open, so that its colours are checked too.
          await page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') }).getByText('Show the numbers').click();
          await checkAccessibility(`${name}-${choice}-table`);
          // Over a bar, the tooltip in the theme's colours; the mouse
          // leaves before the whole page is photographed.
          await page.getByTestId('chart-ELECTRICITY').hover({ position: { x: 60, y: 150 } });
          await page.getByTestId('chart-ELECTRICITY').screenshot({ path: `${screenshotDir}/theme-chart-tooltip-${choice}.png` });
          await page.mouse.move(0, 0);
        }
        const overflow = await screenshots(page, `theme-${name}-${choice}`);
        assert.equal(overflow, null);
      }
    }
    // The sign-in page, signed out, keeps the pick.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await theme(), 'dark');
    await checkAccessibility('login-dark');
    await screenshots(page, 'theme-login-dark');
    assert.deepEqual(a11y, []);
  });

  await t.test('no errors in the console', () => {
    assert.deepEqual(problems, []);
  });
});

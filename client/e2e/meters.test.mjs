// Reading a meter on a phone, end to end, in Chromium at 375 pixels against
// the real server: add a meter, enter readings with today's date filled in
// and the implied consumption shown before saving, import readings from a
// CSV file with a bad row in it, and check the figures the server returns.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, clientDir, eventually, launchBrowser, PHONE, screenshots, startServer, watchPage } from './harness.mjs';

let server;
let context;
let page;
const problems = [];

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize(PHONE);
  watchPage(page, problems);
});

after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(join(clientDir, 'e2e/.tmp-meters'), { recursive: true, force: true });
});

/** A day n days from today, in UTC, the browser's and the new account's zone. */
function day(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
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

const readForm = () => page.getByRole('form', { name: 'Read Gas meter' });

test('a reading entered on a phone becomes the consumption the server counts', async (t) => {
  await t.test('a new account opens the meters page', async () => {
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Email').fill(`meter.${Date.now()}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Meters' }).click();
    await page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor();
    await page.getByText('No meters yet').waitFor();
  });

  await t.test('a meter is added with its reading on the day it was installed', async () => {
    const form = page.getByRole('form', { name: 'Add a meter' });
    await form.getByLabel('Type').selectOption('GAS');
    await form.getByLabel('Name').fill('Gas meter');
    await form.getByLabel('Installed on').fill(day(-60));
    await form.getByLabel('Reading then (optional)').fill('1000.5');
    await form.getByRole('button', { name: 'Add meter' }).click();
    await readForm().waitFor();
  });

  await t.test('the form has today filled in, the last reading beside it, and the use before saving', async () => {
    const form = readForm();
    assert.equal(await form.getByLabel('Day').inputValue(), day(0));
    assert.match(await form.getByTestId('last-reading').textContent(), /^Before: 1,000\.5 m³ on /);

    await form.getByLabel('Day').fill(day(-30));
    // A comma for the decimal point, as many keyboards type it.
    await form.getByLabel('Reading (m³)').fill('1084,25');
    // 1084.25 − 1000.5 = 83.75, shown before anything is sent.
    await eventually(async () => /^83\.75 m³ used /.test(await form.getByTestId('implied').textContent()), 'the implied use of 83.75 m³');
    await screenshots(page, 'meters-reading-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= PHONE.width, `the page is ${overflow} pixels wide on a ${PHONE.width}-pixel phone`);
    await form.getByRole('button', { name: 'Save reading' }).click();
    await page.getByText('Saved: 83.75 m³ used since the reading before.').waitFor();
    await eventually(async () => (await page.locator('table.readings tbody tr').count()) === 2, 'two readings in the table');
  });

  await t.test('a lower value is refused on its field before it is sent', async () => {
    const form = readForm();
    await form.getByLabel('Day').fill(day(-10));
    await form.getByLabel('Reading (m³)').fill('1000');
    await form.getByRole('button', { name: 'Save reading' }).click();
    assert.equal(await form.getByLabel('Reading (m³)').getAttribute('aria-invalid'), 'true');
    assert.match(await form.locator('.field--invalid .field__error').textContent(), /^Lower than the reading of .*; a new meter\?/);
  });

  await t.test("today's reading", async () => {
    const form = readForm();
    await form.getByLabel('Day').fill(day(0));
    await form.getByLabel('Reading (m³)').fill('1150');
    // 1150 − 1084.25 = 65.75.
    await eventually(async () => /^65\.75 m³ used /.test(await form.getByTestId('implied').textContent()), 'the implied use of 65.75 m³');
    await form.getByRole('button', { name: 'Save reading' }).click();
    await page.getByText('Saved: 65.75 m³ used since the reading before.').waitFor();
    await page.getByTestId('meter-chart').waitFor();
    await eventually(async () => (await page.locator('table.readings tbody tr').count()) === 3, 'three readings in the table');
    assert.match(await page.locator('table.readings tbody tr').first().getByTestId('used').textContent(), /^65\.75 m³/);
    await screenshots(page, 'meters');
  });

  await t.test('the server counts the periods like bills', async () => {
    const data = await gql(`{
      consumptionRecords(filter: {types: [GAS]}, orderBy: {field: PERIOD_START, direction: ASC}) {
        edges { node { amount periodStart periodEnd source meter { name } } }
      }
      consumptionSummary(filter: {types: [GAS], from: "${day(-59)}", to: "${day(0)}"}) { byType { total recordCount coverage } }
    }`);
    assert.deepEqual(
      data.consumptionRecords.edges.map((e) => e.node),
      [
        { amount: '83.75', periodStart: day(-59), periodEnd: day(-30), source: 'METER', meter: { name: 'Gas meter' } },
        { amount: '65.75', periodStart: day(-29), periodEnd: day(0), source: 'METER', meter: { name: 'Gas meter' } },
      ],
    );
    // 83.75 + 65.75 = 149.5 over the 60 days the two periods cover.
    assert.deepEqual(data.consumptionSummary.byType[0], { total: '149.5', recordCount: 2, coverage: 1 });
  });

  await t.test('readings are imported from a CSV file, its bad row shown first', async () => {
    const dir = join(clientDir, 'e2e/.tmp-meters');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readings.csv');
    // The second row is lower than the one before it.
    writeFileSync(file, `date,value\n${day(-45)},1040\n${day(-40)},1030\n`);
    await page.getByText('Import readings from a CSV file').click();
    await page.getByLabel('CSV file of readings').setInputFiles(file);
    await page.getByText('2 rows in readings.csv: 1 ready, 1 with problems').waitFor();
    assert.match(await page.locator('tr[data-line="3"] .problems').textContent(), /Lower than the reading of/);
    await page.getByRole('button', { name: 'Import 1 reading' }).click();
    await page.getByText('Imported 1 reading.').waitFor();
    // 1040 − 1000.5 = 39.5, and 1084.25 − 1040 = 44.25: the period split in two.
    const { meters } = await gql('{ meters { id } }');
    const data = await gql('query($id: ID!) { meter(id: $id) { readings(first: 10) { edges { node { readOn period { amount } } } } } }', { id: meters[0].id });
    const used = data.meter.readings.edges.map((e) => [e.node.readOn, e.node.period?.amount ?? null]);
    assert.deepEqual(used, [
      [day(0), '65.75'],
      [day(-30), '44.25'],
      [day(-45), '39.5'],
      [day(-60), null],
    ]);
  });

  await t.test('the page is accessible and quiet', async () => {
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const violations = await accessibilityViolations(page);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
  });
});

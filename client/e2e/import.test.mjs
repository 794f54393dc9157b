// Importing a utility's export, end to end, in Chromium against the real
// server: a file with "Start date,End date,Usage (kWh),Notes,Amount due" and
// DD/MM/YYYY days is mapped and its format detected; the dry run finds the
// row that overlaps a record already stored and shows that record in the
// preview; the other rows are imported and read back through the API. A
// second file, whose days read both as DD/MM and MM/DD, asks to confirm.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, clientDir, DESKTOP, launchBrowser, screenshots, startServer, watchPage } from './harness.mjs';

let server;
let context;
let page;
const problems = [];
const dir = join(clientDir, 'e2e/.tmp-import');

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize(DESKTOP);
  watchPage(page, problems);
  mkdirSync(dir, { recursive: true });
});

after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

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

const RECORDS = `query($types: [ConsumptionType!]) {
  consumptionRecords(filter: {types: $types}, orderBy: {field: PERIOD_START, direction: ASC}, first: 100) {
    edges { node { id type amount unit periodStart periodEnd notes cost source } }
  }
}`;

/** The last day of a month of 2024, as the file writes it (DD/MM/YYYY). */
const lastDay = (m) => new Date(Date.UTC(2024, m, 0)).getUTCDate();
const dmy = (d, m) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2024`;
const iso = (d, m) => `2024-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

async function chooseFile(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  if (!(await page.locator('details.panel--details').evaluate((d) => d.open))) await page.getByText('Import from a CSV file').click();
  await page.getByLabel('CSV file to import').setInputFiles(file);
}

let stored;

test('a utility’s export is checked against the stored records and imported', async (t) => {
  await t.test('a new account with one record typed by hand', async () => {
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Email').fill(`import.${Date.now()}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    const data = await gql(`mutation {
      createConsumptionRecord(input: {type: ELECTRICITY, amount: "300", unit: KWH, periodStart: "2024-03-05", periodEnd: "2024-03-20", notes: "typed by hand", cost: "80"}) { id }
    }`);
    stored = data.createConsumptionRecord.id;
    await page.getByRole('link', { name: 'Records' }).click();
    await page.getByRole('heading', { name: 'Records', level: 1 }).waitFor();
  });

  await t.test('the columns, the unit and the date format are read from the file', async () => {
    const lines = ['Start date,End date,Usage (kWh),Notes,Amount due'];
    for (let m = 1; m <= 12; m++) lines.push(`${dmy(1, m)},${dmy(lastDay(m), m)},${300 + m},bill ${m},"€${80 + m},50"`);
    await chooseFile('bills-2024.csv', lines.join('\r\n') + '\r\n');

    await page.getByText('Choose the type of consumption the file records.').waitFor();
    const columns = page.getByRole('group', { name: 'Which column holds what' });
    const chosen = {};
    for (const name of ['First day', 'Last day', 'Amount', 'Notes', 'Cost', 'Type', 'Unit']) {
      const select = columns.getByLabel(name, { exact: true });
      chosen[name] = await select.evaluate((s) => s.selectedOptions[0].textContent);
    }
    assert.deepEqual(chosen, {
      'First day': 'Start date',
      'Last day': 'End date',
      Amount: 'Usage (kWh)',
      Notes: 'Notes',
      Cost: 'Amount due',
      Type: 'Not in the file',
      Unit: 'Not in the file',
    });
    assert.equal(await page.getByLabel('Unit of all amounts').inputValue(), 'KWH');
    await page.getByText('From the header “Usage (kWh)”.').waitFor();
    assert.equal(await page.getByRole('radio', { name: 'DD/MM/YYYY (detected)' }).isChecked(), true);
    await page.getByText('31/01/2024 can only be DD/MM/YYYY: its first number is above 12.').waitFor();
    await page.getByLabel('Type of all rows').selectOption('ELECTRICITY');
  });

  await t.test('the preview shows the overlap the dry run found, with the stored record', async () => {
    await page.getByText('12 rows in bills-2024.csv: 11 ready, 1 with problems').waitFor();
    await page.getByRole('list', { name: 'Problems in the file' }).getByText('1 row: overlaps a record you already have (row 4)').waitFor();
    const march = page.locator('tr[data-line="4"]');
    assert.match(await march.textContent(), /Overlaps your electricity record of Mar 5\s–\s20, 2024 \(300 kWh, €80\.00, “typed by hand”\)/);
    assert.match(await page.locator('tr[data-line="2"]').textContent(), /OK.*Electricity.*301 kWh.*Jan 1, 2024.*Jan 31, 2024.*bill 1.*€81\.50/);
    assert.equal(await page.getByRole('button', { name: 'Import the 11 good rows' }).isEnabled(), true);
    // Nothing was written by the check.
    assert.equal((await gql(RECORDS)).consumptionRecords.edges.length, 1);

    const overflow = await screenshots(page, 'import-preview');
    assert.equal(overflow, null);
    const violations = await accessibilityViolations(page);
    assert.deepEqual(violations, []);
  });

  await t.test('the other rows are imported, the overlapping one skipped', async () => {
    await page.getByRole('button', { name: 'Import the 11 good rows' }).click();
    await page.getByText('Imported 11 records from bills-2024.csv.').waitFor();
    await page.getByTestId('records-count').filter({ hasText: 'of 12' }).waitFor();

    const records = (await gql(RECORDS)).consumptionRecords.edges.map((e) => e.node);
    const imported = records.filter((r) => r.source === 'IMPORT');
    const months = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    assert.deepEqual(
      imported.map(({ type, amount, unit, periodStart, periodEnd, notes, cost }) => ({ type, amount, unit, periodStart, periodEnd, notes, cost })),
      months.map((m) => ({
        type: 'ELECTRICITY',
        amount: String(300 + m),
        unit: 'KWH',
        periodStart: iso(1, m),
        periodEnd: iso(lastDay(m), m),
        notes: `bill ${m}`,
        cost: `${80 + m}.5`,
      })),
    );
    const kept = records.find((r) => r.id === stored);
    assert.deepEqual(
      { amount: kept.amount, periodStart: kept.periodStart, periodEnd: kept.periodEnd, notes: kept.notes, source: kept.source },
      { amount: '300', periodStart: '2024-03-05', periodEnd: '2024-03-20', notes: 'typed by hand', source: 'MANUAL' },
    );
  });

  await t.test('days that read both ways are imported once the format is confirmed', async () => {
    // As DD/MM these are February and March 2023; as MM/DD the second ends before it starts.
    await chooseFile('gas.csv', 'From,To,Gas (m3)\n01/02/2023,01/03/2023,84.5\n02/03/2023,01/04/2023,"80,25"\n');
    await page.getByText('2 rows in gas.csv: 2 ready').waitFor();
    assert.equal(await page.getByRole('radio', { name: 'DD/MM/YYYY (detected)' }).isChecked(), true);
    const go = page.getByRole('button', { name: 'Import 2 records' });
    assert.equal(await go.isDisabled(), true);
    await page.getByText('Confirm the date format above first.').waitFor();
    await page.getByRole('button', { name: 'Yes, the days are DD/MM/YYYY' }).click();
    await go.click();
    await page.getByText('Imported 2 records from gas.csv.').waitFor();

    const gas = (await gql(RECORDS, { types: ['GAS'] })).consumptionRecords.edges.map((e) => e.node);
    assert.deepEqual(
      gas.map(({ amount, unit, periodStart, periodEnd, source }) => ({ amount, unit, periodStart, periodEnd, source })),
      [
        { amount: '84.5', unit: 'CUBIC_METER', periodStart: '2023-02-01', periodEnd: '2023-03-01', source: 'IMPORT' },
        { amount: '80.25', unit: 'CUBIC_METER', periodStart: '2023-03-02', periodEnd: '2023-04-01', source: 'IMPORT' },
      ],
    );
  });

  await t.test('the page logged no errors', () => {
    assert.deepEqual(problems, []);
  });
});

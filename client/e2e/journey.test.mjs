// A person's first session, end to end, in Chromium against the real server
// and PostgreSQL: register, add records with the form and a CSV file, read
// the cards and charts, edit and delete, switch granularity and units, run a
// query in the playground, export, and log out. Screenshots of every page at
// desktop and phone width land in screenshots/ (ignored by git).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, clientDir, DESKTOP, eventually, launchBrowser, PHONE, screenshots as shoot, startServer, watchPage } from './harness.mjs';

let server;
let context;
let page;
const problems = []; // console errors and failed requests, checked at the end
const a11y = []; // accessibility violations, by page, checked at the end
const overflows = []; // pages wider than a phone, checked at the end

async function screenshots(p, name) {
  const overflow = await shoot(p, name);
  if (overflow) overflows.push(overflow);
}

async function checkAccessibility(name, exclude) {
  for (const v of await accessibilityViolations(page, exclude)) a11y.push(`${name}: ${v}`);
}

/** The session as the dashboard keeps it in localStorage. */
const storedSession = (p = page) => p.evaluate(() => JSON.parse(window.localStorage.getItem('consumption.session') ?? 'null'));

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  watchPage(page, problems);
});

after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(join(clientDir, 'e2e/.tmp'), { recursive: true, force: true });
});

const EMAIL = `ana.${Date.now()}@example.com`;
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'purple elephants juggle quietly';

const addForm = () => page.getByRole('form', { name: 'Add a record' });
const card = (type) => page.getByTestId(`card-${type}`);
const total = (type) => page.getByTestId(`total-${type}`);

async function addRecord({ type, amount, unit, start, end, notes }) {
  const form = addForm();
  await form.getByLabel('Type').selectOption(type);
  await form.getByLabel('Amount').fill(amount);
  await form.getByLabel('Unit').selectOption(unit);
  await form.getByLabel('First day').fill(start);
  await form.getByLabel('Last day').fill(end);
  await form.getByLabel('Notes (optional)').fill(notes ?? '');
  await form.getByRole('button', { name: 'Add record' }).click();
}

/** The rows of a chart's number table: [period, amount, coverage]. */
async function chartRows(type) {
  const panel = page.locator('section.panel').filter({ has: page.getByTestId(`chart-${type}`) });
  return panel.locator('.chart__table tbody tr').evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => c.textContent.trim())),
  );
}

async function waitForDashboard() {
  await page.getByTestId('card-ELECTRICITY').waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

test('a new user registers, records, reads the charts, and logs out', async (t) => {
  await t.test('a signed-out visitor is sent to sign in', async () => {
    await page.goto(`${server.url}/records`);
    await page.waitForURL(/\/login\?next=%2Frecords$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshots(page, '01-login');
    await checkAccessibility('01-login');
  });

  await t.test('registration shows the errors on the right field', async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    const email = page.getByLabel('Email');
    const password = page.getByLabel('Password', { exact: true });

    // Too short: refused before anything is sent.
    await email.fill(EMAIL);
    await password.fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-invalid'), 'false');

    // Refused by the server, which names the password field.
    await password.fill(`${EMAIL.split('@')[0]}-and-more`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await eventually(async () => (await password.getAttribute('aria-invalid')) === 'true' && (await page.locator('.field__error').count()) === 1, 'the server error on the password field');
    const message = await page.locator('.field--invalid .field__error').textContent();
    assert.match(message, /email/i, `the server's reason is shown: ${message}`);
    await screenshots(page, '02-register-errors');
    await checkAccessibility('02-register-errors');

    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  await t.test('a new account sees an empty dashboard', async () => {
    await page.getByText('No records in this range yet').waitFor();
    await screenshots(page, '03-dashboard-empty');
    await checkAccessibility('03-dashboard-empty');
  });

  await t.test('records are added with the form, and mistakes are shown on their field', async () => {
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    await page.getByRole('heading', { name: 'Records', level: 1 }).waitFor();
    await page.getByText('No records yet').waitFor();

    await addRecord({ type: 'ELECTRICITY', amount: '310.25', unit: 'KWH', start: '2025-01-01', end: '2025-01-31', notes: 'bill 1001' });
    await page.getByTestId('records-count').filter({ hasText: 'of 1' }).waitFor();
    await page.getByText('Added an electricity record.').waitFor();
    await addRecord({ type: 'GAS', amount: '84,5', unit: 'CUBIC_METER', start: '2025-01-15', end: '2025-02-14', notes: 'bill 1043' });
    await page.getByTestId('records-count').filter({ hasText: 'of 2' }).waitFor();
    await page.getByText('Added a gas record.').waitFor();

    // Seven decimal places: the form says so before sending.
    const form = addForm();
    await form.getByLabel('Type').selectOption('WATER');
    await form.getByLabel('Amount').fill('1.1234567');
    await form.getByRole('button', { name: 'Add record' }).click();
    assert.equal(await form.getByLabel('Amount').getAttribute('aria-invalid'), 'true');
    assert.match(await form.locator('.field--invalid .field__error').first().textContent(), /6 decimal places/);
    assert.equal(await page.getByText('Added a gas record.').count(), 0, 'a success message beside a new error');

    // An overlap: the server answers CONFLICT, shown on the period.
    await addRecord({ type: 'ELECTRICITY', amount: '5', unit: 'KWH', start: '2025-01-10', end: '2025-01-12' });
    await eventually(async () => (await form.getByLabel('First day').getAttribute('aria-invalid')) === 'true', 'the conflict on the first day');
    // The last success does not stand beside the new error.
    assert.equal(await page.getByText(/^Added a/).count(), 0, 'a stale success message');
    await screenshots(page, '04-records-form-errors');
    // Clear the form for what follows.
    await form.getByLabel('First day').fill('');
    await form.getByLabel('Last day').fill('');
    await form.getByLabel('Amount').fill('');
  });

  await t.test('records are imported from a CSV file, with a preview and errors per row', async () => {
    const dir = join(clientDir, 'e2e/.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bills.csv');
    writeFileSync(
      file,
      [
        'type,amount,unit,periodStart,periodEnd,notes,cost',
        'ELECTRICITY,288000,WH,2025-02-01,2025-02-28,February,',
        'water,12.5,m3,2025-01-01,2025-03-31,quarterly bill,"31,25"',
        'ELECTRICITY,1.5,MWH,2025-03-01,2025-03-31,"March, estimated",',
        'GAS,abc,CUBIC_METER,2025-03-01,2025-03-31,bad row,',
      ].join('\n') + '\n',
    );
    await page.getByText('Import from a CSV file').click();
    await page.getByLabel('CSV file to import').setInputFiles(file);
    await page.getByText('4 rows in bills.csv: 3 ready, 1 with problems').waitFor();
    const bad = page.locator('tr[data-line="5"]');
    assert.match(await bad.textContent(), /Amount: "abc" is not a decimal number/);
    await screenshots(page, '05-records-import-preview');
    await checkAccessibility('05-records-import-preview');
    await page.getByRole('button', { name: 'Import the 3 good rows' }).click();
    await page.getByText('Imported 3 records from bills.csv.').waitFor();
    await page.getByTestId('records-count').filter({ hasText: 'of 5' }).waitFor();
  });

  await t.test('a record is edited and another deleted in place', async () => {
    const row = page.locator('tr').filter({ hasText: 'bill 1001' });
    await row.getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('form', { name: /^Edit electricity record/ });
    await edit.getByLabel('Amount').fill('320.25');
    await screenshots(page, '06a-records-editing');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr').filter({ hasText: 'bill 1001' }).filter({ hasText: '320.25 kWh' }).waitFor();

    const march = page.locator('tr').filter({ hasText: 'March, estimated' });
    await march.getByRole('button', { name: /^Delete/ }).click();
    await screenshots(page, '06b-records-confirm-delete');
    await march.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByTestId('records-count').filter({ hasText: 'of 4' }).waitFor();
    assert.equal(await page.locator('tr').filter({ hasText: 'March, estimated' }).count(), 0);
    await screenshots(page, '06-records');
  });

  await t.test('sorting and the type filter change the list', async () => {
    await page.getByRole('button', { name: /^Amount/ }).click();
    await page.waitForURL(/sort=amount/);
    await page.getByRole('form', { name: 'Filter records' }).getByLabel('Type').selectOption('GAS');
    await page.getByTestId('records-count').filter({ hasText: '1–1 of 1' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('records-count').filter({ hasText: 'of 4' }).waitFor();
  });

  await t.test('the export holds the filtered records as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all as CSV' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trim().split('\r\n');
    assert.equal(lines[0], 'type,amount,unit,periodStart,periodEnd,notes,cost');
    assert.equal(lines.length, 5);
    assert.ok(lines.includes('ELECTRICITY,320.25,KWH,2025-01-01,2025-01-31,bill 1001,'), text);
    assert.ok(lines.includes('GAS,84.5,CUBIC_METER,2025-01-15,2025-02-14,bill 1043,'), text);
    // The water bill's cost, imported from the file's cost column.
    assert.ok(lines.includes('WATER,12.5,CUBIC_METER,2025-01-01,2025-03-31,quarterly bill,31.25'), text);
  });

  await t.test('the dashboard shows the totals and the pro-rata chart', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const controls = page.getByRole('form', { name: 'What the dashboard shows' });
    await controls.getByLabel('From').fill('2025-01-01');
    await controls.getByLabel('To').fill('2025-03-31');
    await page.waitForURL(/from=2025-01-01&to=2025-03-31/);
    await waitForDashboard();
    await eventually(async () => (await total('ELECTRICITY').textContent()) === '608.3', 'the electricity total, to 4 significant digits');
    assert.equal(await total('GAS').textContent(), '84.5');
    assert.equal(await total('WATER').textContent(), '12.5');
    assert.match(await card('ELECTRICITY').textContent(), /kWh/);
    // Nothing recorded before 2025: no percentage against empty periods.
    assert.match(await card('ELECTRICITY').textContent(), /not enough data: no records in those days/);
    assert.doesNotMatch(await card('ELECTRICITY').locator('.card__changes').textContent(), /%/);

    // Month by month: January and February measured, March without data.
    const elec = await chartRows('ELECTRICITY');
    assert.deepEqual(
      elec.map((r) => r[1]),
      ['320.25', '288', '—'],
    );
    assert.equal(elec[2][2], 'No data');
    // The gas bill of 15 January to 14 February: 17/31 and 14/31 of 84.5.
    const gas = await chartRows('GAS');
    assert.deepEqual(
      gas.map((r) => r[1]),
      ['46.33871', '38.16129', '—'],
    );
    assert.match(gas[0][2], /Records cover 55% of the days/);
    await screenshots(page, '07-dashboard');
    await checkAccessibility('07-dashboard');
  });

  await t.test('switching granularity and units changes the numbers', async () => {
    const controls = page.getByRole('form', { name: 'What the dashboard shows' });
    await controls.getByLabel('Group by').selectOption('QUARTER');
    await page.waitForURL(/by=quarter/);
    await waitForDashboard();
    await eventually(async () => (await chartRows('ELECTRICITY')).length === 1, 'one quarter');
    assert.equal((await chartRows('ELECTRICITY'))[0][1], '608.25');

    await controls.getByLabel('Group by').selectOption('DAY');
    await page.waitForURL(/by=day/);
    await waitForDashboard();
    await eventually(async () => (await chartRows('WATER')).length === 90, 'ninety days');
    await screenshots(page, '07a-dashboard-by-day');

    await controls.getByLabel('Group by').selectOption('MONTH');
    await card('ELECTRICITY').getByLabel('Unit for electricity').selectOption('MWH');
    await page.waitForURL(/electricity=MWH/);
    await card('GAS').getByLabel('Unit for gas').selectOption('KWH');
    await page.waitForURL(/gas=KWH/);
    await card('WATER').getByLabel('Unit for water').selectOption('LITER');
    await page.waitForURL(/water=LITER/);
    await waitForDashboard();
    await eventually(async () => (await total('WATER').textContent()) === '12,500', 'water in litres');
    assert.equal(await total('ELECTRICITY').textContent(), '0.6083');
    // 84.5 m³ at the default 11.2 kWh per m³.
    assert.equal(await total('GAS').textContent(), '946.4');
    assert.deepEqual(
      (await chartRows('ELECTRICITY')).map((r) => r[1]),
      ['0.32025', '0.288', '—'],
    );
    await screenshots(page, '08-dashboard-units');
  });

  await t.test('a tariff prices the records, and the cards and the money charts show the costs', async () => {
    await page.getByRole('link', { name: 'Tariffs', exact: true }).click();
    await page.getByRole('heading', { name: 'Tariffs', level: 1 }).waitFor();
    await page.getByText('No tariffs yet').waitFor();
    const form = page.getByRole('form', { name: 'Add a tariff' });
    await form.getByLabel('Type').selectOption('ELECTRICITY');
    await form.getByLabel('Name').fill('Fixed 2025');
    await form.getByLabel('First day').fill('2025-01-01');
    await form.getByLabel('Price (€) before tax').fill('0,2');
    await form.getByLabel('Per').selectOption('KWH');
    await form.getByLabel('Standing charge (€ a day)').fill('0.5');
    await form.getByLabel('Tax (%)').fill('10');
    await form.getByRole('button', { name: 'Add tariff' }).click();
    await page.getByText('Added the electricity tariff “Fixed 2025”.').waitFor();
    const listed = page.getByTestId('tariffs-ELECTRICITY');
    assert.match(await listed.textContent(), /€0\.20 per kWh/);

    // An overlapping one is refused before it is sent, naming the other.
    await form.getByLabel('Name').fill('Overlap');
    await form.getByLabel('First day').fill('2025-06-01');
    await form.getByLabel('Price (€) before tax').fill('0.3');
    await form.getByRole('button', { name: 'Add tariff' }).click();
    await form.getByText(/overlap your tariff “Fixed 2025”/).waitFor();
    await screenshots(page, '08a-tariffs');
    await checkAccessibility('08a-tariffs');

    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && /query Dashboard/.test(r.request().postData() ?? ''));
    await page.goto(`${server.url}/?from=2025-01-01&to=2025-03-31`);
    const data = (await (await answer).json()).data;
    await waitForDashboard();
    // January, 320.25 kWh over 31 days: (320.25 × 0.20 + 31 × 0.50) × 1.1 = 79.55 × 1.1 = 87.505.
    // February, 288 kWh: (288 × 0.20 + 28 × 0.50) × 1.1 = 71.6 × 1.1 = 78.76.
    // The quarter: 166.265, €166.27 in cents (halves up), known for 59 of its 90 days.
    const elec = data.consumptionSummary.byType.find((s) => s.type === 'ELECTRICITY');
    assert.equal(elec.cost, '166.27', 'the server’s cost');
    await eventually(async () => (await page.getByTestId('cost-ELECTRICITY').textContent()) === '€166.27 · known for 66% of the days', 'the card’s cost');
    // The water bill states its cost; gas has neither a cost nor a tariff.
    assert.equal(await page.getByTestId('cost-WATER').textContent(), '€31.25');
    assert.match(await page.getByTestId('cost-GAS').textContent(), /Cost unknown/);

    await page.getByLabel('Money').click(); // checked once the address changes: check() may look too early
    await page.waitForURL(/show=money/);
    await waitForDashboard();
    // January rounds down to 87.50 and takes the cent that the total still
    // needs, having lost most: 87.51 + 78.76 = 166.27.
    const rows = await chartRows('ELECTRICITY');
    assert.deepEqual(rows.map((r) => r[1]), ['€87.51', '€78.76', '—']);
    const points = data.consumptionSeries.find((s) => s.type === 'ELECTRICITY').points;
    assert.deepEqual(points.map((p) => p.cost), ['87.51', '78.76', null]);
    assert.equal(rows[2][2], 'No known cost');
    await page.getByText(/No known costs for these dates/).waitFor(); // gas
    await screenshots(page, '08b-dashboard-money');
    await checkAccessibility('08b-dashboard-money');

    // Closing the tariff at the end of January leaves February without a price.
    await page.getByRole('link', { name: 'Tariffs', exact: true }).click();
    await listed.getByRole('button', { name: 'Close tariff Fixed 2025' }).click();
    const close = page.getByRole('form', { name: 'Close tariff Fixed 2025' });
    await close.getByLabel('Last day').fill('2025-01-31');
    await close.getByRole('button', { name: 'Close' }).click();
    await page.getByText(/Closed “Fixed 2025”/).waitFor();
    await page.goto(`${server.url}/?from=2025-01-01&to=2025-03-31&show=money`);
    await waitForDashboard();
    // January alone: 87.505, €87.51, for 31 of 90 days.
    await eventually(async () => (await page.getByTestId('cost-ELECTRICITY').textContent()) === '€87.51 · known for 34% of the days', 'the cost after closing');
    await page.getByLabel('Amounts').click();
    await page.waitForURL(/show=amount/);
  });

  await t.test('a budget is set, and the forecast card and chart show the server\'s figures', async () => {
    // Electricity over the last month and this one so far, for a forecast.
    const day = (d) => d.toISOString().slice(0, 10);
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
    const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
    const days = today.getUTCDate();
    const gql = async (query, variables) => {
      const { accessToken } = await storedSession();
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      assert.ok(!body.errors, JSON.stringify(body.errors));
      return body.data;
    };
    const { createConsumptionRecords: created } = await gql('mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }', {
      in: [
        { type: 'ELECTRICITY', amount: '300', unit: 'KWH', periodStart: day(lastMonth), periodEnd: day(new Date(first.getTime() - 86_400_000)) },
        { type: 'ELECTRICITY', amount: String(12 * days), unit: 'KWH', periodStart: day(first), periodEnd: day(today) },
      ],
    });

    await page.goto(`${server.url}/`);
    await waitForDashboard();
    const budgetCard = page.getByTestId('budget-card');
    await budgetCard.getByTestId('forecast-ELECTRICITY').waitFor();
    const form = budgetCard.getByRole('form', { name: 'Set a budget' });
    await form.getByLabel('Limit', { exact: true }).fill('0');
    await form.getByRole('button', { name: 'Set budget' }).click();
    assert.equal(await form.getByLabel('Limit', { exact: true }).getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Type').selectOption('ELECTRICITY');
    await form.getByLabel('Per').selectOption('MONTH');
    await form.getByLabel('Limit on').selectOption('AMOUNT');
    await form.getByLabel('Limit', { exact: true }).fill('400');
    await form.getByLabel('Unit').selectOption('KWH');
    await form.getByRole('button', { name: 'Set budget' }).click();
    const budget = budgetCard.getByTestId('budget-ELECTRICITY-MONTH-AMOUNT');
    await budget.waitFor();

    // The card and the chart say what the server says.
    const { consumptionForecast: [f] } = await gql(
      '{ consumptionForecast(types: [ELECTRICITY]) { periodStart actualToDate expectedTotal low high expectedShareOfBudget budget { limit } } }',
    );
    assert.equal(f.budget.limit, '400');
    // 3–4 significant digits, as the dashboard shows amounts.
    const shown = (s) => Number(s).toLocaleString('en-US', { maximumSignificantDigits: 4, maximumFractionDigits: 0, roundingPriority: 'morePrecision' });
    const verdict = f.expectedShareOfBudget <= 1
      ? `On track: ${shown(f.expectedTotal)} kWh of 400 kWh expected (${Math.round(f.expectedShareOfBudget * 100)}%).`
      : `Over budget: ${shown(f.expectedTotal)} kWh expected of 400 kWh, ${Math.round((f.expectedShareOfBudget - 1) * 100)}% over.`;
    await eventually(async () => (await budget.textContent()).includes(verdict), `the budget says "${verdict}"`);
    assert.equal(f.actualToDate, String(12 * days));
    assert.match(await budgetCard.getByTestId('forecast-ELECTRICITY').textContent(), new RegExp(`${shown(f.actualToDate)} kWh`));
    const onChart = await page.getByTestId('chart-forecast-ELECTRICITY').textContent();
    assert.ok(onChart.includes(`${shown(f.expectedTotal)} kWh expected, likely ${shown(f.low)}–${shown(f.high)}`), onChart);

    // A tariff prices the month: a budget of cost says what the server expects it to cost.
    const { createTariff: tariff } = await gql(
      `mutation { createTariff(input: {type: ELECTRICITY, name: "Test", validFrom: "${day(lastMonth)}", unitPrice: "0.25", priceUnit: KWH}) { id } }`,
    );
    await form.getByLabel('Limit on').selectOption('COST');
    await form.getByLabel('Limit', { exact: true }).fill('100');
    await form.getByRole('button', { name: 'Set budget' }).click();
    const costBudget = budgetCard.getByTestId('budget-ELECTRICITY-MONTH-COST');
    await costBudget.waitFor();
    const { consumptionForecast: [c] } = await gql('{ consumptionForecast(types: [ELECTRICITY], measure: COST) { expectedCost currency expectedShareOfBudget } }');
    const money = (s) => Number(s).toLocaleString('en-US', { style: 'currency', currency: c.currency });
    const costVerdict = c.expectedShareOfBudget <= 1
      ? `On track: ${money(c.expectedCost)} of ${money('100')} expected (${Math.round(c.expectedShareOfBudget * 100)}%).`
      : `Over budget: ${money(c.expectedCost)} expected of ${money('100')}, ${Math.round((c.expectedShareOfBudget - 1) * 100)}% over.`;
    await eventually(async () => (await costBudget.textContent()).includes(costVerdict), `the budget of cost says "${costVerdict}"`);
    await screenshots(page, '07b-dashboard-budget');
    await checkAccessibility('07b-dashboard-budget');

    await budget.getByRole('button', { name: /Remove/ }).click();
    await budget.waitFor({ state: 'detached' });
    await costBudget.getByRole('button', { name: /Remove/ }).click();
    await costBudget.waitFor({ state: 'detached' });
    await gql('mutation($id: ID!) { deleteTariff(id: $id) }', { id: tariff.id });
    // The steps that follow count the records of before.
    for (const { id } of created) await gql('mutation($id: ID!) { deleteConsumptionRecord(id: $id) }', { id });
  });

  await t.test('the settings page saves the preferences', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const gas = page.getByLabel('Gas calorific value (kWh per m³)');
    await eventually(async () => (await gas.inputValue()) !== '', 'the settings load');
    await gas.fill('0');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    assert.equal(await gas.getAttribute('aria-invalid'), 'true');
    await gas.fill('10.5');
    await page.getByLabel('Time zone').selectOption('Europe/Madrid');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved your preferences.').waitFor();
    await screenshots(page, '09-settings');
    await checkAccessibility('09-settings');
  });

  await t.test('two tabs renew an expiring token once, and the session survives', async () => {
    const refreshes = [];
    const count = (p) =>
      p.on('request', (r) => {
        if (r.url().endsWith('/graphql') && /mutation Refresh/.test(r.postData() ?? '')) refreshes.push(r);
      });
    count(page);
    const second = await context.newPage();
    count(second);
    await second.goto(`${server.url}/records`);
    await second.getByTestId('records-count').waitFor();
    const before = await storedSession();

    // Both tabs now find the access token a minute from expiry, and renew it.
    await page.evaluate(() => {
      const s = JSON.parse(window.localStorage.getItem('consumption.session'));
      s.expiresAt = Date.now() + 61_000;
      window.localStorage.setItem('consumption.session', JSON.stringify(s));
    });
    await page.reload();
    await eventually(async () => (await storedSession())?.refreshToken !== before.refreshToken, 'the token is renewed');
    await page.waitForTimeout(2_000); // time for the other tab to try as well
    assert.equal(refreshes.length, 1, 'one refresh for both tabs');
    const after = await storedSession();
    assert.equal((await storedSession(second)).accessToken, after.accessToken);

    // The newest refresh token still works: no reuse revoked the family.
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', variables: { t: after.refreshToken } }),
    });
    const body = await res.json();
    assert.ok(body.data?.refreshToken?.accessToken, JSON.stringify(body));
    await second.close();
  });

  await t.test('a refused access token is renewed and the request sent again', async () => {
    // The test above used the stored refresh token; sign in again for a fresh session.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.evaluate(() => {
      const s = JSON.parse(window.localStorage.getItem('consumption.session'));
      s.accessToken = 'not-a-token';
      window.localStorage.setItem('consumption.session', JSON.stringify(s));
    });
    await page.goto(`${server.url}/records`);
    await page.getByTestId('records-count').filter({ hasText: 'of 4' }).waitFor();
    assert.notEqual((await storedSession()).accessToken, 'not-a-token');
  });

  await t.test('everything is reachable by keyboard, starting with the skip link', async () => {
    await page.goto(`${server.url}/records`);
    await page.getByTestId('records-count').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    // From the main region, Tab reaches the form, the filters and the table's buttons.
    const reached = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim()));
    }
    for (const want of ['amount', 'periodStart', 'Add record', 'Export all as CSV']) assert.ok(reached.has(want), `Tab reaches ${want}: ${[...reached].join(' | ')}`);
    assert.ok([...reached].some((x) => /^Amount/.test(x ?? '')), 'Tab reaches the sort buttons');
  });

  await t.test('on a phone-sized screen a record is added and deleted', async () => {
    await page.setViewportSize(PHONE);
    try {
      await addRecord({ type: 'WATER', amount: '3', unit: 'CUBIC_METER', start: '2025-04-01', end: '2025-04-30', notes: 'from the phone' });
      await page.getByTestId('records-count').filter({ hasText: 'of 5' }).waitFor();
      const card = page.locator('tr').filter({ hasText: 'from the phone' });
      await card.getByRole('button', { name: /^Delete/ }).click();
      await card.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByTestId('records-count').filter({ hasText: 'of 4' }).waitFor();
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await t.test('pages of records follow each other by cursor', async () => {
    // 26 days of June 2024, away from the dates the dashboard checked.
    const lines = ['type,amount,unit,periodStart,periodEnd'];
    for (let d = 1; d <= 26; d++) lines.push(`ELECTRICITY,${d},KWH,2024-06-${String(d).padStart(2, '0')},2024-06-${String(d).padStart(2, '0')}`);
    const file = join(clientDir, 'e2e/.tmp/june.csv');
    writeFileSync(file, lines.join('\n'));
    if (!(await page.locator('details.panel--details').evaluate((d) => d.open))) await page.getByText('Import from a CSV file').click();
    await page.getByLabel('CSV file to import').setInputFiles(file);
    await page.getByRole('button', { name: 'Import 26 records' }).click();
    await page.getByTestId('records-count').filter({ hasText: '1–25 of 30' }).waitFor();

    const pager = page.getByRole('navigation', { name: 'Pages of records' });
    assert.equal(await pager.getByRole('button', { name: 'Previous page' }).isDisabled(), true);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await page.getByTestId('records-count').filter({ hasText: '26–30 of 30' }).waitFor();
    assert.equal(await pager.getByRole('button', { name: 'Next page' }).isDisabled(), true);
    // Newest period first: the second page ends with the oldest June days.
    assert.match(await page.locator('table.records tbody tr').last().textContent(), /Jun 1, 2024/);
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await page.getByTestId('records-count').filter({ hasText: '1–25 of 30' }).waitFor();
  });

  await t.test('the playground runs an aggregate query with the session', async () => {
    await page.getByRole('link', { name: 'Playground', exact: true }).click();
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    await page.getByRole('button', { name: /Execute query/ }).click();
    const response = page.locator('.result-window');
    await eventually(async () => /"consumptionSummary"/.test((await response.textContent()) ?? ''), 'the playground shows the answer', 20_000);
    assert.doesNotMatch(await response.textContent(), /UNAUTHENTICATED/);
    await screenshots(page, '10-playground');
    await checkAccessibility('10-playground', ['.graphiql-container']);
  });

  await t.test('the password is changed and the session carries on', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(async () => (await form.getByLabel('Current password').getAttribute('aria-invalid')) === 'true', 'a wrong current password is shown on its field');

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed').waitFor();
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    await page.getByTestId('records-count').filter({ hasText: 'of 30' }).waitFor();
  });

  await t.test('logging out ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    const stored = await page.evaluate(() => window.localStorage.getItem('consumption.session'));
    assert.equal(stored, null);
    await page.goto(`${server.url}/settings`);
    await page.waitForURL(/\/login\?next=%2Fsettings$/);
  });

  await t.test('the account is deleted with its password', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Delete account' });
    await form.getByLabel('Password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Delete my account' }).click();
    // Not without ticking the box.
    assert.equal(await form.getByRole('checkbox').getAttribute('aria-invalid'), 'true');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(/\/register\?deleted=1$/);
    await page.getByText('Your account and all its records have been deleted.').waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' }).waitFor();
  });

  await t.test('no page has a serious accessibility problem', () => {
    assert.deepEqual(a11y, []);
  });

  await t.test('no page scrolls sideways on a 375-pixel phone', () => {
    assert.deepEqual(overflows, []);
  });

  await t.test('the browser saw no errors', () => {
    // Refused requests the test provoked on purpose show as console errors
    // of status 4xx; nothing else may appear.
    const unexpected = problems.filter((p) => !/status of 40[0-9]/.test(p));
    assert.deepEqual(unexpected, []);
  });
});

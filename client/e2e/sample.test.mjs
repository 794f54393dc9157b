// Sample data, end to end, in Chromium against the real server: a new
// account's empty dashboard offers it; once loaded, every card and chart
// has figures, and no card shows a percentage against a period that records
// mostly leave empty; removing it leaves the account as it was, the user's
// own record included.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, launchBrowser, startServer, watchPage } from './harness.mjs';

const TYPES = ['ELECTRICITY', 'WATER', 'GAS'];
/** The share of its days a period needs records for before the dashboard compares it (lib/comparison.ts). */
const MIN_COVERAGE = 0.5;

let server;
let context;
let page;
const problems = [];

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  watchPage(page, problems);
});

after(async () => {
  await context?.close();
  await server?.stop();
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

/** A day n days from today, in UTC, the browser's and the new account's zone. */
function day(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month n months from today's. */
function monthStart(n) {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
}

async function waitForDashboard() {
  await page.getByTestId('card-ELECTRICITY').waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

/**
 * Opens the dashboard over from..to and returns, for each card and each of
 * its two comparisons (the previous days, a year earlier), the text shown
 * and the coverages the server reports for the periods compared.
 */
async function comparisons(from, to) {
  await page.goto(`${server.url}/?from=${from}&to=${to}`);
  await waitForDashboard();
  const { consumptionSummary } = await gql(
    `query($from: Date!, $to: Date!) { consumptionSummary(filter: {from: $from, to: $to}) {
      byType { type coverage previousPeriodCoverage previousYearCoverage } } }`,
    { from, to },
  );
  const out = [];
  for (const s of consumptionSummary.byType) {
    // A change shown says whether it is better, worse or the same
    // (data-verdict); "not enough data" is "thin", nothing to compare none.
    const values = await page
      .getByTestId(`card-${s.type}`)
      .locator('.change__value')
      .evaluateAll((dds) => dds.map((dd) => ({ verdict: dd.dataset.verdict ?? 'none', text: dd.textContent })));
    assert.equal(values.length, 2, `${s.type} card has ${values.length} comparisons`);
    out.push({ type: s.type, which: 'previous', ...values[0], coverage: s.coverage, earlier: s.previousPeriodCoverage });
    out.push({ type: s.type, which: 'a year earlier', ...values[1], coverage: s.coverage, earlier: s.previousYearCoverage });
  }
  return out;
}

/** A change as a card writes it: "▲ 12.5% more than …". */
const CHANGE = /^[▲▼]?\s*[-−+]?[\d.,]+\s*%\s+(more|less) than/;

/** Fails when a comparison shows a percentage although either period is mostly empty. */
function assertHonest(rows, range) {
  for (const r of rows) {
    const thin = r.coverage < MIN_COVERAGE || r.earlier < MIN_COVERAGE;
    if (thin) {
      assert.ok(
        !['better', 'worse', 'same'].includes(r.verdict) && !CHANGE.test(r.text.trim()),
        `${range}: ${r.type} vs ${r.which} compares with a mostly empty period (coverage ${r.coverage} and ${r.earlier}): "${r.text}"`,
      );
    }
  }
}

test('sample data fills an empty dashboard and goes again', async (t) => {
  await t.test('a new account is offered sample data on the empty dashboard', async () => {
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Email').fill(`sample.${Date.now()}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByText('No records in this range yet').waitFor();
    await page.getByTestId('sample-offer').waitFor();
    for (const type of TYPES) assert.equal(await page.getByTestId(`total-${type}`).textContent(), '—');
  });

  await t.test('loading it fills every card and chart', async () => {
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    await page.getByTestId('sample-banner').waitFor();
    await eventually(async () => (await page.getByText('No records in this range yet').count()) === 0, 'the empty state goes');
    await waitForDashboard();
    assert.equal(await page.getByTestId('sample-offer').count(), 0, 'the offer is gone');
    for (const type of TYPES) {
      await eventually(async () => /\d/.test(await page.getByTestId(`total-${type}`).textContent()), `the ${type} card has a total`);
      assert.match(await page.getByTestId(`cost-${type}`).textContent(), /\d/, `the ${type} card has a cost`);
      await page.getByTestId(`chart-${type}`).waitFor();
      assert.ok(await page.getByTestId(`chart-${type}`).locator('canvas, svg').count(), `the ${type} chart is drawn`);
    }
    await page.getByTestId('forecast-ELECTRICITY').waitFor();
  });

  await t.test('the meters and tariffs pages have the sample too', async () => {
    await page.getByRole('link', { name: 'Meters' }).click();
    await page.getByText('Gas meter (sample)').first().waitFor();
    await page.getByRole('link', { name: 'Tariffs' }).click();
    await page.getByText('Fixed price, renewed').first().waitFor();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await waitForDashboard();
  });

  await t.test('no card shows a percentage against a mostly empty period', async () => {
    // The last 12 months, with a whole year before them: every change is
    // a percentage, so that the check below is not met by showing none.
    const full = await comparisons(monthStart(-11), day(0));
    assertHonest(full, 'the last 12 months');
    for (const r of full) {
      assert.ok(['better', 'worse', 'same'].includes(r.verdict), `${r.type} vs ${r.which}: "${r.text}"`);
      assert.ok(r.verdict === 'same' || CHANGE.test(r.text.trim()), `${r.type} vs ${r.which} reads "${r.text}", not as a change`);
    }

    // Since the sample's first day: the previous days have no records.
    const since = await comparisons(monthStart(-36), day(0));
    assertHonest(since, 'the whole sample');
    const previous = since.filter((r) => r.which === 'previous');
    assert.ok(previous.every((r) => r.verdict === 'thin' || r.verdict === 'none'), JSON.stringify(previous));

    // A range that the sample covers for a third of its days, one that
    // starts just before the sample, and this month.
    assertHonest(await comparisons(monthStart(-48), monthStart(-30)), 'a range that starts before the sample');
    assertHonest(await comparisons(monthStart(-38), monthStart(-35)), 'the sample’s first months');
    assertHonest(await comparisons(monthStart(0), day(0)), 'this month');
  });

  await t.test('removing it leaves the user’s own record, and the account says so', async () => {
    await page.goto(`${server.url}/`);
    await waitForDashboard();
    const { consumptionRecords: before } = await gql(`{ consumptionRecords(first: 1) { totalCount } }`);
    await gql(
      `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
      { in: { type: 'ELECTRICITY', amount: '250', unit: 'KWH', periodStart: '2015-01-01', periodEnd: '2015-01-31' } },
    );
    await page.getByRole('button', { name: 'Remove sample data' }).click();
    const notice = page.getByText(/^Sample data removed:/);
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(`^Sample data removed: ${before.totalCount} records,`));
    await eventually(async () => (await page.getByTestId('sample-banner').count()) === 0, 'the banner goes');
    const { consumptionRecords, meters, tariffs, budgets, me } = await gql(
      `{ consumptionRecords(first: 5) { totalCount edges { node { periodStart source } } } meters { id } tariffs { id } budgets { id } me { hasSampleData } }`,
    );
    assert.deepEqual(consumptionRecords.edges.map((e) => e.node), [{ periodStart: '2015-01-01', source: 'MANUAL' }]);
    assert.deepEqual([meters, tariffs, budgets, me.hasSampleData], [[], [], [], false]);
    // The range is empty again; the account is not, so no offer.
    await page.getByText('No records in this range yet').waitFor();
    assert.equal(await page.getByTestId('sample-offer').count(), 0);
  });

  await t.test('nothing went wrong in the page', () => {
    assert.deepEqual(problems, []);
  });
});

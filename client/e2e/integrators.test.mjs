// For integrators, end to end in Chromium against the real server: two tabs
// of one person, where what one adds or deletes shows in the other without
// a reload (the live feed over WebSocket), and an API token made in
// Settings at phone width, used by a script for reading, refused for
// writing, and refused altogether once revoked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, clientDir, eventually, launchBrowser, PHONE, screenshots, startServer, watchPage } from './harness.mjs';

let server;
let context;
let tabA;
let tabB;
let liveB = false;
const problems = [];

before(async () => {
  server = await startServer();
  context = await launchBrowser();
  tabA = context.pages()[0] ?? (await context.newPage());
  watchPage(tabA, problems, 'tab A');
});

after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(join(clientDir, 'e2e/.tmp'), { recursive: true, force: true });
});

/** A day n days from today, in UTC, the browser's and the new account's zone. */
function day(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Sends a query to /graphql as a script would, with the token given; returns the status and the answer. */
async function gql(token, query, variables = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const type = res.headers.get('Content-Type') ?? '';
  return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
}

const sessionToken = () => tabA.evaluate(() => JSON.parse(window.localStorage.getItem('consumption.session')).accessToken);
const row = (page, notes) => page.locator('tr').filter({ hasText: notes });

test('two tabs of one person, and a script with an API token', async (t) => {
  await t.test('one person has the records page open in two tabs', async () => {
    await tabA.goto(`${server.url}/register`);
    await tabA.getByLabel('Email').fill(`live.${Date.now()}@example.com`);
    await tabA.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await tabA.getByRole('button', { name: 'Create account' }).click();
    await tabA.waitForURL(`${server.url}/`);

    tabB = await context.newPage();
    watchPage(tabB, problems, 'tab B');
    // Tab B's live feed, once the server has let it in.
    tabB.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('"connection_ack"')) liveB = true;
      });
    });
    for (const tab of [tabA, tabB]) {
      await tab.goto(`${server.url}/records`);
      await tab.getByRole('heading', { name: 'Records', level: 1 }).waitFor();
    }
    // A mark that a reload of tab B would wipe.
    await tabB.evaluate(() => {
      window.notReloaded = true;
    });
    await eventually(() => liveB, 'tab B signed in on the live feed');
  });

  await t.test('a record added in one tab shows in the other without a reload', async () => {
    const form = tabA.getByRole('form', { name: 'Add a record' });
    await form.getByLabel('Type').selectOption('GAS');
    await form.getByLabel('Amount').fill('84.5');
    await form.getByLabel('Unit').selectOption('CUBIC_METER');
    await form.getByLabel('First day').fill(day(-40));
    await form.getByLabel('Last day').fill(day(-10));
    await form.getByLabel('Notes (optional)').fill('added in tab A');
    await form.getByRole('button', { name: 'Add record' }).click();
    await row(tabA, 'added in tab A').waitFor();

    await row(tabB, 'added in tab A').waitFor();
    assert.match(await row(tabB, 'added in tab A').textContent(), /84\.5 m³/);
    assert.equal(await tabB.evaluate(() => window.notReloaded), true, 'tab B was reloaded');
  });

  await t.test('a record added on another device, and one deleted in a tab, show too', async () => {
    const { body } = await gql(
      await sessionToken(),
      `mutation($input: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $input) { id } }`,
      { input: { type: 'WATER', amount: '7.25', unit: 'CUBIC_METER', periodStart: day(-40), periodEnd: day(-10), notes: 'from a phone' } },
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    await row(tabB, 'from a phone').waitFor();
    await row(tabA, 'from a phone').waitFor();

    await row(tabA, 'added in tab A').getByRole('button', { name: /^Delete/ }).click();
    await row(tabA, 'added in tab A').getByRole('button', { name: 'Yes, delete' }).click();
    await eventually(async () => (await row(tabB, 'added in tab A').count()) === 0, 'the deleted record gone from tab B');
    assert.equal(await tabB.evaluate(() => window.notReloaded), true, 'tab B was reloaded');
    await tabB.close();
  });

  let secret;
  await t.test('a read-only token is made in Settings on a phone, and its secret shown once', async () => {
    await tabA.setViewportSize(PHONE);
    await tabA.getByRole('link', { name: 'Settings' }).click();
    const section = tabA.getByRole('region', { name: 'API tokens' });
    await section.getByText('No API tokens yet').waitFor();
    await section.getByLabel('Name').fill('nightly export');
    await section.getByRole('radio', { name: /Read only/ }).check();
    await section.getByLabel('Expires after').selectOption({ label: '30 days' });
    await section.getByRole('button', { name: 'Make token' }).click();

    const shown = section.getByRole('region', { name: 'Your new token “nightly export”' });
    await shown.waitFor();
    assert.match(await shown.textContent(), /you will not see it again/);
    secret = await shown.getByLabel('The token’s secret').inputValue();
    assert.match(secret, /^cst_[A-Za-z0-9_-]{64}$/);
    const item = section.getByRole('list', { name: 'Your tokens' }).getByRole('listitem').filter({ hasText: 'nightly export' });
    await item.waitFor();
    assert.match(await item.textContent(), /Read only/);
    assert.match(await item.textContent(), /Last usedNever/);

    assert.equal(await screenshots(tabA, 'api-token-new'), null);
    await tabA.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    assert.deepEqual(await accessibilityViolations(tabA), []);

    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    assert.equal(await tabA.getByText(secret).count(), 0, 'the secret is still on the page');
    assert.equal(await tabA.locator(`input[value="${secret}"]`).count(), 0, 'the secret is still in a field');
  });

  await t.test('the token reads, is FORBIDDEN to write, and is refused once revoked', async () => {
    const read = await gql(secret, '{ me { email } consumptionRecords { totalCount } }');
    assert.equal(read.status, 200);
    assert.equal(read.body.errors, undefined, JSON.stringify(read.body.errors));
    assert.equal(read.body.data.consumptionRecords.totalCount, 1);

    const write = await gql(secret, `mutation { createConsumptionRecord(input: {type: WATER, amount: "1", unit: CUBIC_METER,
      periodStart: "${day(-5)}", periodEnd: "${day(-1)}"}) { id } }`);
    assert.equal(write.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(write.body));
    assert.equal(write.body.data, null);

    const section = tabA.getByRole('region', { name: 'API tokens' });
    const item = section.getByRole('listitem').filter({ hasText: 'nightly export' });
    await item.getByRole('button', { name: 'Revoke the token “nightly export”' }).click();
    assert.equal(await screenshots(tabA, 'api-token-revoke'), null);
    await item.getByRole('button', { name: 'Yes, revoke' }).click();
    await section.getByText('Revoked “nightly export”: it no longer works anywhere.').waitFor();
    await section.getByText('No API tokens yet').waitFor();

    const refused = await gql(secret, '{ me { email } }');
    assert.equal(refused.status, 401, JSON.stringify(refused.body));
  });

  await t.test('nothing went wrong in the pages', async () => {
    assert.deepEqual(problems, []);
  });
});

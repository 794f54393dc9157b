// The README's screenshots: the dashboard of a new account that tried the
// sample data, in the light and the dark theme, at desktop and phone width,
// written to docs/. Run with `make docs-screenshots` after changing how the
// dashboard looks, look at them, and commit them. Not a test: node --test
// does not pick this file up.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, launchBrowser, PHONE, repoDir, startServer } from './harness.mjs';

const docs = join(repoDir, 'docs');
mkdirSync(docs, { recursive: true });

const server = await startServer();
const context = await launchBrowser();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/register`);
  await page.getByLabel('Email').fill('ana@example.com');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByRole('button', { name: 'Try it with sample data' }).click();
  await page.getByTestId('sample-banner').waitFor();

  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Colour theme').selectOption(theme);
    for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(size);
      // The last 12 months by month, with the year before as a line.
      await page.goto(`${server.url}/?yoy=1`);
      await page.getByTestId('chart-ELECTRICITY').waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await page.waitForTimeout(300); // the charts draw at their size
      const path = join(docs, `dashboard-${theme}-${label}.png`);
      const chart = page.locator('section.panel').filter({ has: page.getByTestId('chart-ELECTRICITY') });
      if (label === 'desktop') {
        // From the top down to the end of the first row of charts.
        const box = await chart.boundingBox();
        await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: size.width, height: Math.ceil(box.y + box.height + 16) } });
      } else {
        // One screen: the electricity chart, as a phone shows it.
        await chart.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 12));
        await page.waitForTimeout(200);
        await page.screenshot({ path });
      }
      console.log(path);
    }
  }
} finally {
  await context.close();
  await server.stop();
}

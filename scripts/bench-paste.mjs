#!/usr/bin/env node
// Browser benchmark of "Add customers" at scale: the time from pasting 10,000 addresses into
// the dialog to (a) the parsed preview on screen and (b) the add summary on screen, plus (c) one
// keystroke in the pasted list. Runs Debian's Chromium through playwright-core against a fresh
// `clientele serve --demo` (as tests/e2e/harness.mjs starts it), or against BENCH_URL when set.
//
//   CLIENTELE_BIN=target/debug/clientele CLIENTELE_DIST=dist node scripts/bench-paste.mjs [--runs 3] [--count 10000]
import { startServer, startBrowser, signIn } from '../tests/e2e/harness.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('runs', 3);
const COUNT = arg('count', 10_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

const server = process.env.BENCH_URL ? { url: process.env.BENCH_URL, stop: async () => {} } : await startServer();
const browser = await startBrowser();
const results = { preview: [], keystroke: [], summary: [] };
try {
  const page = await browser.newPage();
  await signIn(page, server.url, 'admin@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('table', { name: 'Customers of IT Help' }).waitFor();
  const stamp = Date.now().toString(36);
  for (let run = 0; run < RUNS; run++) {
    const text = Array.from({ length: COUNT }, (_, i) => `"Bench ${i}, Person" <bench${i}.${run}@${stamp}.example.org>`).join('\n');
    await page.getByRole('button', { name: 'Add customers' }).click();
    await page.getByRole('dialog').waitFor();

    // (a) paste → preview: one input event carrying the whole list, as a paste makes.
    results.preview.push(await page.evaluate(async ({ text, count }) => {
      const field = document.getElementById('add-customers-emails');
      const expected = `${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'}`;
      const t0 = performance.now();
      field.value = text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      await new Promise((done) => {
        const check = () => (document.querySelector('.entries-counts')?.textContent.startsWith(expected)
          ? requestAnimationFrame(() => setTimeout(done, 0)) : requestAnimationFrame(check));
        check();
      });
      return performance.now() - t0;
    }, { text, count: COUNT }));

    // (c) one keystroke at the end of the pasted list: time the input event's handler.
    results.keystroke.push(await page.evaluate(async () => {
      const field = document.getElementById('add-customers-emails');
      await new Promise((done) => setTimeout(done, 300)); // past the typing throttle
      const t0 = performance.now();
      field.value += ' ';
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ' ' }));
      return performance.now() - t0;
    }));

    // (b) Add → summary on screen (one bulk request, parsed and written by the server).
    results.summary.push(await page.evaluate(async (count) => {
      const add = [...document.querySelectorAll('[role=dialog] button[type=submit]')][0];
      const expected = `Added ${count.toLocaleString('en-US')} `;
      const t0 = performance.now();
      add.click();
      await new Promise((done, fail) => {
        const check = () => {
          if (document.querySelector('.add-summary-lines')?.textContent.startsWith(expected)) {
            requestAnimationFrame(() => setTimeout(done, 0));
          } else if (document.querySelector('[role=dialog] [role=alert]')) {
            fail(new Error(document.querySelector('[role=dialog] [role=alert]').textContent));
          } else if (performance.now() - t0 > 300_000) {
            fail(new Error('no summary after 5 minutes'));
          } else {
            requestAnimationFrame(check);
          }
        };
        check();
      });
      return performance.now() - t0;
    }, COUNT));

    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    console.log(`run ${run + 1}: paste → preview ${fmt(results.preview.at(-1))}, keystroke ${fmt(results.keystroke.at(-1))}, Add → summary ${fmt(results.summary.at(-1))}`);
  }
  console.log(`\n${COUNT.toLocaleString('en-US')} addresses, median of ${RUNS} runs:`);
  console.log(`  (a) paste → parsed preview on screen: ${fmt(median(results.preview))}`);
  console.log(`  (b) Add → summary on screen:          ${fmt(median(results.summary))}`);
  console.log(`  (c) one keystroke in the pasted list: ${fmt(median(results.keystroke))}`);
} finally {
  await browser.close();
  await server.stop();
}

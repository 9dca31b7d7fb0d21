#!/usr/bin/env node
// Browser benchmark of the product settings lists at scale: in Settings → Organizations and
// Settings → Customers, the time from typing a search to the first page of matching rows on
// screen (it includes the 250 ms pause the search waits for after the last keystroke), and the
// server's part of it (the request's time). Also the first page when each list opens.
//
// Runs Debian's Chromium through playwright-core against `clientele serve` on a seeded
// database (made with `clientele seed`, 1,000,000 customers and 10,000 organizations by
// default), or against a running server at BENCH_URL.
//
//   target/debug/clientele seed --database sqlite:///tmp/bench-1m.db --customers 1000000 --organizations 10000
//   BENCH_DB=/tmp/bench-1m.db node scripts/bench-settings-search.mjs [--runs 3]
//
// CLIENTELE_BIN and CLIENTELE_DIST default to what scripts/test.sh builds (target/debug/clientele,
// target/e2e-dist); BENCH_DB to the database of `cargo bench -p clientele-server --bench scale`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowser, signIn } from '../tests/e2e/harness.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('runs', 3);
const BIN = resolve(process.env.CLIENTELE_BIN ?? 'target/debug/clientele');
const DIST = resolve(process.env.CLIENTELE_DIST ?? 'target/e2e-dist');
const DB = resolve(process.env.BENCH_DB ?? 'target/bench-data/scale-1000000-r2.db');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

/// `clientele serve` on the seeded database (no --demo: it is not empty), on a free port.
async function startSeededServer() {
  for (const [what, path] of [['server binary', BIN], ['built app', resolve(DIST, 'index.html')], ['seeded database', DB]]) {
    if (!existsSync(path)) throw new Error(`No ${what} at ${path} (see the comment at the top of this script).`);
  }
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--dist', DIST, '--database', `sqlite://${DB}`],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 120_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/running at (http:\/\/\S+?)\/?\s/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, stop: async () => child.kill('SIGTERM') };
}

/// Types `query` into the search field key by key (as a person does), then measures in the page
/// from the last keystroke until the table shows rows that match, or the "no match" state.
async function timeSearch(page, field, query) {
  await page.locator(field).fill('');
  await page.locator(field).press('Enter'); // back to the unfiltered list, at once
  await page.waitForFunction(() => document.querySelector('.table-wrap')?.getAttribute('aria-busy') === 'false');
  await page.evaluate((selector) => {
    window.__lastKey = 0;
    document.querySelector(selector).addEventListener('input', () => { window.__lastKey = performance.now(); });
  }, field);
  const server = [];
  const onDone = (request) => {
    const url = request.url();
    if (url.includes('/rest/') && url.includes('query=')) {
      const t = request.timing();
      server.push(t.responseEnd - t.requestStart);
    }
  };
  page.on('requestfinished', onDone);
  await page.locator(field).pressSequentially(query, { delay: 40 });
  const onScreen = await page.evaluate(async (wanted) => {
    const matches = () => {
      const wrap = document.querySelector('.table-wrap');
      if (!wrap || wrap.getAttribute('aria-busy') !== 'false') return false;
      const empty = wrap.querySelector('.empty-state');
      if (empty) return empty.textContent.includes(wanted);
      const first = wrap.querySelector('tbody tr');
      return !!first && first.textContent.toLowerCase().includes(wanted.toLowerCase());
    };
    await new Promise((done) => {
      const check = () => (matches() ? done() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - window.__lastKey;
  }, query);
  page.off('requestfinished', onDone);
  const rows = await page.locator('.table-wrap tbody tr').count();
  return { onScreen, server: server.at(-1) ?? NaN, rows };
}

/// Opens `path` and measures navigation start → first page of the list on screen.
async function timeOpen(page, url) {
  await page.goto('about:blank');
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('.table-wrap tbody tr').first().waitFor({ timeout: 120_000 });
  return Date.now() - t0;
}

const LISTS = [
  {
    name: 'Settings → Organizations (10,000 organizations)',
    path: '/settings/organizations',
    field: '#search-organizations',
    queries: ['Synthetic organization 04242', 'organization 0999', 'Globex', 'no organization has this name'],
  },
  {
    name: 'Settings → Customers (1,000,000 customers)',
    path: '/settings/customers',
    field: '#search-accounts',
    queries: ['priya kowalski 999', 'tariq.costa.3', 'customer42.example', 'nobody has this name'],
  },
];

const server = process.env.BENCH_URL ? { url: process.env.BENCH_URL, stop: async () => {} } : await startSeededServer();
const browser = await startBrowser();
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  await signIn(page, server.url, 'admin@example.com');
  for (const list of LISTS) {
    console.log(`\n${list.name}`);
    const opens = [];
    for (let run = 0; run < RUNS; run++) opens.push(await timeOpen(page, `${server.url}${list.path}`));
    console.log(`  open → first page on screen:        ${fmt(median(opens))}  (median of ${RUNS})`);
    for (const query of list.queries) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) runs.push(await timeSearch(page, list.field, query));
      const screen = median(runs.map((r) => r.onScreen));
      const request = median(runs.map((r) => r.server));
      console.log(`  “${query}”`.padEnd(40) + ` typed → first page on screen ${fmt(screen)}` +
        ` (server ${fmt(request)}, ${runs[0].rows} rows shown)`);
    }
  }
  console.log('\nTimes include the 250 ms pause after the last keystroke before the search is sent.');
} finally {
  await browser.close();
  await server.stop();
}

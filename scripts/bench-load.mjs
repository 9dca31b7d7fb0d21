#!/usr/bin/env node
// Browser benchmark of the first load: each entry point opened with a cold cache in headless
// Chromium with the CPU slowed 4× (a mid-range phone), timed from the start of navigation until
// its sign-in form accepts input (the email field is in the page and enabled). Median of 5 runs
// per entry point, each in a fresh browser context (empty cache), after one unmeasured warm-up
// load of each page (the server's first answers and Chromium's own start-up are not the app's).
// Also prints the bytes each load transferred (response bodies, as encoded on the wire).
//
//   CLIENTELE_BIN=target/release/clientele CLIENTELE_DIST=dist node scripts/bench-load.mjs [--runs 5]
// BENCH_URL reuses a running server (with the demo data: the help center `support`).
import { startServer, startBrowser } from '../tests/e2e/harness.mjs';

const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 5;
const THROTTLE = 4;
const ENTRY_POINTS = [
  { name: 'agent: /login', path: '/login', field: '#login-email' },
  { name: 'customer: /help/support/login', path: '/help/support/login', field: '#hc-login-email' },
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load(browser, url, field) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  // Notes the moment the field appears enabled, from inside the page: no polling from outside.
  await page.addInitScript((selector) => {
    const check = () => {
      const input = document.querySelector(selector);
      if (input && !input.disabled && window.__ready === undefined) window.__ready = performance.now();
      return window.__ready !== undefined;
    };
    new MutationObserver((_, observer) => { if (check()) observer.disconnect(); })
      .observe(document, { childList: true, subtree: true, attributes: true });
  }, field);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000, polling: 100 });
  const ms = await page.evaluate(() => window.__ready);
  await page.waitForLoadState('networkidle');
  await context.close();
  return { ms, bytes };
}

const server = process.env.BENCH_URL ? { url: process.env.BENCH_URL, stop: async () => {} } : await startServer();
const browser = await startBrowser();
try {
  for (const entry of ENTRY_POINTS) {
    const url = `${server.url}${entry.path}`;
    await load(browser, url, entry.field);
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await load(browser, url, entry.field));
    const times = runs.map((r) => r.ms);
    console.log(`${entry.name.padEnd(32)} sign-in form ready: median ${median(times).toFixed(0)} ms `
      + `(runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms; CPU ${THROTTLE}× slower), `
      + `${(median(runs.map((r) => r.bytes)) / 1000).toFixed(1)} kB transferred`);
  }
} finally {
  await browser.close();
  await server.stop();
}

// Starts the real `clientele` server with --demo on a free port and a fresh database, and
// Debian's Chromium through playwright-core. Used by every end-to-end test file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'clientele-demo';
const BIN = resolve(process.env.CLIENTELE_BIN ?? 'target/debug/clientele');
const DIST = resolve(process.env.CLIENTELE_DIST ?? 'target/e2e-dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function startServer() {
  for (const [what, path] of [['server binary', BIN], ['built app', join(DIST, 'index.html')]]) {
    if (!existsSync(path)) throw new Error(`No ${what} at ${path}: run scripts/test.sh, which builds it.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'clientele-e2e-'));
  const child = spawn(BIN, ['serve', '--demo', '--mail-capture', '--listen', '127.0.0.1:0', '--dist', DIST,
    '--database', `sqlite://${join(dir, 'clientele.db')}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/running at (http:\/\/\S+?)\/?\s/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/// Signs in through the sign-in page and waits until the app has left it.
export async function signIn(page, url, email, password = PASSWORD) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function navLinks(page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  return nav.getByRole('link').allInnerTexts();
}

/// Calls the API on the server at `url` with HTTP Basic as `user`; answers the decoded JSON.
export async function apiAs(url, method, path, body, user = 'admin@example.com') {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/// The path of the help-center link in the newest message to `email` (the server runs with
/// --mail-capture, so a site admin reads queued links).
export async function newestLinkPath(url, email) {
  const { values } = await apiAs(url, 'GET', `/rest/clientele/1/mail?to=${encodeURIComponent(email)}`);
  const link = values[0]?.text.match(/https?:\/\/\S+\/help\/\S+/);
  if (!link) throw new Error(`no link in the newest message to ${email}: ${JSON.stringify(values[0])}`);
  return new URL(link[0]).pathname;
}

/// axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/// Runs axe-core (npm `axe-core`) on the page as it is now, for WCAG 2.2 AA, and throws with
/// every violation (rule, impact, the elements and what is wrong with each) if there is any.
/// `what` names the page or dialog in the message. Returns how many rules passed.
export async function assertAccessible(page, what) {
  // Through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        rule: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      })),
    };
  }, WCAG_AA);
  if (violations.length) {
    const lines = violations.map((v) => `- ${v.rule} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`);
    throw new Error(`${what} (${page.url()}): ${violations.length} WCAG 2.2 AA violation(s)\n${lines.join('\n')}`);
  }
  return passes;
}

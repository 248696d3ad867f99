// The site checked in a real browser (Debian's chromium, driven by playwright-core), after
// `vitepress build`: `npm run docs:check` runs this (through site.sh, which builds and installs chromium).
// It serves the built site from this machine only, opens every page of both editions and checks what a
// reader would meet: console errors and failed requests, Mermaid diagrams drawn as SVG, copy buttons,
// internal links (every page of the site, source pages included) answering 200 with their anchors, the
// language switch, the search, and pages that do not scroll sideways on a phone. It saves a screenshot of
// each chapter's first screen in both languages, prints one line per failure, and ends with
// `N passed, N failed`.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { EDITION, type Locale, LOCALES, PATH, ROOT, SITE, editionPages, pageUrl } from './.vitepress/repo.ts';

const DIST = process.env.SITE_DIST ?? path.join(SITE, 'dist');
const SHOTS = path.join(SITE, 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** What the search must find: a query, the edition it is typed in, pages that must be among the hits. */
const SEARCHES: Array<{ query: string; locale: Locale; expect: string[] }> = [
  { query: 'prefetch', locale: 'en', expect: ['04-rabbitmq.md'] },
  { query: '死信', locale: 'zh-CN', expect: ['02-leveldb.md', '04-rabbitmq.md'] },
  { query: '幂等', locale: 'zh-CN', expect: ['02-leveldb.md'] },
  { query: '发布确认', locale: 'zh-CN', expect: ['04-rabbitmq.md'] },
];
/** The pages that must not scroll sideways at 390 px: each chapter, and choosing a queue. */
const PHONE_PAGES = PATH.filter((name) => /^0\d-/.test(name));

let passed = 0;
let failed = 0;
function result(ok: boolean, what: string, why = ''): void {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}${why ? `: ${why}` : ''}`);
  }
}

// ---- a static server for the built site, like any static host: /a -> /a.html, /dir/ -> /dir/index.html

function serve(): Promise<{ origin: string; close: () => void }> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
    '.woff2': 'font/woff2',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
  };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const candidates = [pathname, `${pathname}.html`, path.posix.join(pathname, 'index.html')];
    for (const candidate of candidates) {
      const file = path.join(DIST, path.normalize(candidate));
      if (!file.startsWith(DIST)) break;
      if (fs.existsSync(file) && fs.statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
        res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      fs.existsSync(path.join(DIST, '404.html')) ? fs.readFileSync(path.join(DIST, '404.html')) : 'Not found',
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

// ---- the book's pages, and what their Markdown says to expect

interface BookPage {
  locale: Locale;
  name: string;
  /** repository path, for messages */
  file: string;
  url: string;
  mermaid: number;
}

function mermaidBlocks(markdown: string): number {
  let open: string | undefined;
  let count = 0;
  for (const line of markdown.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(line);
    if (!m?.[1]) continue;
    if (open === undefined) {
      open = m[1];
      if (m[2] === 'mermaid') count++;
    } else if (m[1][0] === open[0] && m[1].length >= open.length && m[2] === '') open = undefined;
  }
  return count;
}

function bookPages(): BookPage[] {
  return LOCALES.flatMap((locale) =>
    editionPages(locale).map((name) => {
      const file = `${EDITION[locale].dir}/${name}`;
      const mermaid = mermaidBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      return { locale, name, file, url: pageUrl(locale, name), mermaid };
    }),
  );
}

// ---- links: crawl the whole site over HTTP from both home pages and both source indexes

const HREF = /<(a|link)\s[^>]*?\bhref="([^"]*)"|<(script|img)\s[^>]*?\bsrc="([^"]*)"/g;

function unescapeHtml(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

async function crawl(origin: string, starts: string[]): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const html = new Map<string, string>();
  const status = new Map<string, number>();
  const queue = [...starts];
  const links: Array<{ from: string; url: URL }> = [];
  const fetchOnce = async (url: string): Promise<number> => {
    const known = status.get(url);
    if (known !== undefined) return known;
    const res = await fetch(origin + url);
    const body = await res.text();
    status.set(url, res.status);
    if (res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('text/html'))
      html.set(url, body);
    return res.status;
  };
  for (const start of starts) await fetchOnce(start);
  while (queue.length > 0) {
    const from = queue.shift() ?? '';
    const body = html.get(from);
    if (body === undefined) continue;
    for (const m of body.matchAll(HREF)) {
      const raw = unescapeHtml(m[2] ?? m[4] ?? '');
      if (raw === '' || /^(mailto|tel|javascript|data):/i.test(raw)) continue;
      const url = new URL(raw, origin + from);
      if (url.origin !== origin) continue;
      links.push({ from, url });
      const target = decodeURI(url.pathname);
      if (!status.has(target)) {
        const code = await fetchOnce(target);
        if (code === 200 && html.has(target)) queue.push(target);
      }
    }
  }
  const ids = new Map<string, Set<string>>();
  const idsOf = (page: string) => {
    let known = ids.get(page);
    if (!known) {
      known = new Set(
        [...(html.get(page) ?? '').matchAll(/\sid="([^"]+)"/g)].map((m) => unescapeHtml(m[1] ?? '')),
      );
      ids.set(page, known);
    }
    return known;
  };
  for (const { from, url } of links) {
    const target = decodeURI(url.pathname);
    const code = status.get(target);
    const list = problems.get(from) ?? [];
    if (code !== 200) list.push(`${target} answers ${code}`);
    else if (
      url.hash.length > 1 &&
      html.has(target) &&
      !idsOf(target).has(decodeURIComponent(url.hash.slice(1)))
    ) {
      list.push(`${target}${decodeURIComponent(url.hash)}: no such anchor on that page`);
    }
    problems.set(from, list);
  }
  return problems;
}

// ---- the browser

interface Seen {
  errors: string[];
}

async function open(
  context: BrowserContext,
  url: string,
  ready = '.VPContent',
): Promise<{ page: Page; seen: Seen }> {
  const page = await context.newPage();
  const seen: Seen = { errors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.errors.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => seen.errors.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    seen.errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) seen.errors.push(`request answered ${res.status()}: ${res.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(ready);
  return { page, seen };
}

/** Waits for every Mermaid block to be drawn (or for 20 s), then counts what became of them. */
async function mermaidState(page: Page, expected: number) {
  if (expected > 0) {
    await page
      .waitForFunction(
        (n) => document.querySelectorAll('.vp-doc .mermaid-diagram svg').length >= n,
        expected,
        {
          timeout: 20_000,
        },
      )
      .catch(() => undefined);
  }
  return page.evaluate(() => {
    const blocks = [...document.querySelectorAll('.vp-doc .mermaid-diagram')];
    return {
      blocks: blocks.length,
      svgs: blocks.filter((b) => b.querySelector('svg')).length,
      broken: blocks
        .filter((b) => b.querySelector('svg[aria-roledescription="error"]'))
        .map((b) =>
          [...b.querySelectorAll('text')]
            .map((t) => t.textContent)
            .join(' ')
            .slice(0, 80),
        ),
      strayErrors: document.querySelectorAll('.vp-doc svg[aria-roledescription="error"]').length,
      leftAsCode: document.querySelectorAll('.vp-doc div.language-mermaid').length,
    };
  });
}

async function checkPages(context: BrowserContext, origin: string, pages: BookPage[]): Promise<void> {
  for (const book of pages) {
    const { page, seen } = await open(context, origin + book.url);
    const m = await mermaidState(page, book.mermaid);
    result(
      m.blocks === book.mermaid &&
        m.svgs === book.mermaid &&
        m.broken.length === 0 &&
        m.strayErrors === 0 &&
        m.leftAsCode === 0,
      `${book.file}: Mermaid`,
      `${book.mermaid} block(s) in the Markdown; on the page ${m.svgs} drawn as SVG, ` +
        `${m.broken.length} drawn ` +
        `as an error (${m.broken.join(' | ')}), ${m.leftAsCode} left as code, ` +
        `${m.strayErrors} error diagram(s) in all`,
    );
    const copy = await page.evaluate(() => {
      const blocks = [...document.querySelectorAll('.vp-doc div[class*="language-"]')];
      return { blocks: blocks.length, without: blocks.filter((b) => !b.querySelector('button.copy')).length };
    });
    result(
      copy.without === 0,
      `${book.file}: copy buttons`,
      `${copy.without} of ${copy.blocks} code blocks have none`,
    );

    // This page's own errors, before the switch below takes the browser to the other edition's page.
    result(
      seen.errors.length === 0,
      `${book.file}: no console errors, no failed requests`,
      seen.errors.join('; '),
    );
    seen.errors.length = 0;

    // The language switch, as a reader uses it: open the menu, pick the other language.
    const other: Locale = book.locale === 'en' ? 'zh-CN' : 'en';
    const mirror = editionPages(other).includes(book.name) ? pageUrl(other, book.name) : undefined;
    let landed = '(no language menu)';
    const menu = page.locator('.VPNavBarTranslations');
    if ((await menu.count()) > 0) {
      await menu.hover();
      const link = menu.locator('.VPMenuLink a', { hasText: other === 'en' ? 'English' : '简体中文' });
      await link.click({ timeout: 5000 }).catch(() => undefined);
      await page.waitForURL((u) => u.pathname === mirror, { timeout: 10_000 }).catch(() => undefined);
      landed = new URL(page.url()).pathname;
    }
    result(landed === mirror, `${book.file}: language switch`, `expected ${mirror}, landed on ${landed}`);
    await page.waitForLoadState('load');
    const h1 = await page.locator('.vp-doc h1').count();
    result(
      h1 > 0 && seen.errors.length === 0,
      `${book.file}: the language switch shows ${landed}`,
      `${h1} heading(s); ${seen.errors.join('; ')}`,
    );
    await page.close();
  }
}

async function checkSearch(context: BrowserContext, origin: string): Promise<void> {
  for (const search of SEARCHES) {
    const { page, seen } = await open(context, origin + pageUrl(search.locale, 'README.md'));
    await page.locator('.VPNavBarSearch button').first().click();
    const input = page.locator('.VPLocalSearchBox input');
    await input.fill(search.query);
    const expected = search.expect.map((name) => pageUrl(search.locale, name));
    let found: string[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      found = await page.evaluate(() =>
        [...document.querySelectorAll('.VPLocalSearchBox .results a')].map((a) =>
          new URL((a as HTMLAnchorElement).href).pathname.replace(/index\.html$/, ''),
        ),
      );
      if (expected.every((e) => found.includes(e))) break;
      await page.waitForTimeout(200);
    }
    const pages = [...new Set(found)];
    const missing = expected.filter((e) => !pages.includes(e));
    const prefix = EDITION[search.locale].prefix;
    const elsewhere = pages.filter((p) =>
      prefix === '' ? p.startsWith('/zh-CN/') : !p.startsWith(`${prefix}/`),
    );
    result(
      missing.length === 0 && elsewhere.length === 0,
      `search "${search.query}" (${search.locale})`,
      `found ${pages.join(', ') || 'nothing'}; expected ${expected.join(', ')}` +
        (elsewhere.length ? `; pages of the other edition: ${elsewhere.join(', ')}` : ''),
    );
    result(seen.errors.length === 0, `search "${search.query}": no console errors`, seen.errors.join('; '));
    await page.close();
  }
}

/** At 390 px: does the page scroll sideways, and if so, which elements stick out. */
async function checkPhone(context: BrowserContext, origin: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const locale of LOCALES) {
    for (const name of PHONE_PAGES) {
      const file = `${EDITION[locale].dir}/${name}`;
      const { page } = await open(context, origin + pageUrl(locale, name));
      await mermaidState(page, mermaidBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8')));
      // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
      const width = await page.evaluate(() => {
        const inner = window.innerWidth;
        const wide = [...document.querySelectorAll('.vp-doc *, .VPContent *')]
          .filter((e) => e.getBoundingClientRect().right > inner + 1 && e.children.length === 0)
          // inside a table, a code block or a diagram that scrolls on its own: not the page's doing
          .filter((e) => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') return false;
            }
            return true;
          })
          .slice(0, 3)
          .map((e) => {
            const block = e.closest('p, li, td, th, h1, h2, h3, h4, pre, table, .mermaid-diagram') ?? e;
            const text = (e.textContent ?? '').trim().slice(0, 50);
            const right = Math.round(e.getBoundingClientRect().right);
            return `<${block.tagName.toLowerCase()}> ${e.tagName.toLowerCase()} "${text}" (${right} px)`;
          });
        return { scroll: document.documentElement.scrollWidth, inner, wide };
      });
      const ok = width.scroll <= width.inner && width.inner === 390;
      console.log(
        `phone 390 px: ${file}: ${ok ? 'ok' : 'scrolls sideways'} ` +
          `(scrollWidth ${width.scroll}, innerWidth ${width.inner})` +
          (ok ? '' : `; wider than the screen: ${width.wide.join('; ')}`),
      );
      result(ok, `phone 390 px: ${file}`, `scrollWidth ${width.scroll} > innerWidth ${width.inner}`);
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${name.replace(/\.md$/, '')}.phone.png`) });
      await page.close();
    }
  }
}

async function screenshots(context: BrowserContext, origin: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  let saved = 0;
  for (const locale of LOCALES) {
    for (const name of PHONE_PAGES) {
      const { page } = await open(context, origin + pageUrl(locale, name));
      await mermaidState(page, 0);
      await page.screenshot({ path: path.join(SHOTS, `${locale}-${name.replace(/\.md$/, '')}.png`) });
      saved++;
      await page.close();
    }
  }
  console.log(
    `screenshots: ${saved} first screens (1280 x 800) and as many at 390 px ` +
      `in ${path.relative(ROOT, SHOTS)}/`,
  );
}

/** A few source pages in the browser: a folder, a test file, a Markdown file; highlighted, no errors. */
async function checkSourcePages(context: BrowserContext, origin: string): Promise<void> {
  for (const url of ['/source/', '/zh-CN/source/04-rabbitmq/test/', '/source/README.html']) {
    const { page, seen } = await open(context, origin + url, 'main.vp-doc');
    result(seen.errors.length === 0, `source page ${url}: no console errors`, seen.errors.join('; '));
    await page.close();
  }
  const test = fs.readdirSync(path.join(ROOT, '04-rabbitmq/test')).find((f) => f.endsWith('.test.ts'));
  for (const locale of LOCALES) {
    const url = `${EDITION[locale].prefix}/source/04-rabbitmq/test/${test}.html`;
    const { page, seen } = await open(context, origin + url, 'main.vp-doc');
    const shown = await page.evaluate(() => ({
      highlighted: document.querySelectorAll('.vp-doc pre.shiki span[style]').length,
      numbered: document.querySelectorAll('.vp-doc .line-numbers-wrapper').length,
    }));
    result(
      shown.highlighted > 0 && shown.numbered > 0 && seen.errors.length === 0,
      `source page ${url}`,
      `highlighted spans ${shown.highlighted}, line numbers ${shown.numbered}; ${seen.errors.join('; ')}`,
    );
    await page.close();
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.log(`docs:check: no built site in ${path.relative(ROOT, DIST)}: run npm run docs:build first`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const { origin, close } = await serve();
  const pages = bookPages();

  // Links, over HTTP: every page the site links to, transitively.
  const problems = await crawl(origin, [
    '/',
    '/zh-CN/',
    '/source/',
    '/zh-CN/source/',
    ...pages.map((p) => p.url),
  ]);
  const sourceProblems: string[] = [];
  let sourcePagesSeen = 0;
  for (const [from, list] of problems) {
    const book = pages.find((p) => p.url === from);
    if (book) result(list.length === 0, `${book.file}: internal links`, list.join('; '));
    else {
      sourcePagesSeen++;
      sourceProblems.push(...list.map((l) => `${from} -> ${l}`));
    }
  }
  for (const book of pages)
    if (!problems.has(book.url)) result(false, `${book.file}: not reached on the site`);
  result(
    sourceProblems.length === 0,
    `internal links on ${sourcePagesSeen} other pages (source files and folders, 404)`,
    sourceProblems.slice(0, 20).join('; '),
  );

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  try {
    await checkPages(context, origin, pages);
    await checkSearch(context, origin);
    await checkSourcePages(context, origin);
    await screenshots(context, origin);
  } finally {
    await context.close();
  }
  const phoneDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-phone-'));
  const phone = await chromium.launchPersistentContext(phoneDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    // Not isMobile: a mobile browser widens its layout to fit a page that is too wide (innerWidth then
    // grows past 390 and scrollWidth <= innerWidth proves nothing); at a fixed 390 it scrolls instead.
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  try {
    await checkPhone(phone, origin);
  } finally {
    await phone.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(phoneDataDir, { recursive: true, force: true });
    close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.log(`docs:check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});

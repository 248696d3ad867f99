// What the site is made of, shared by the VitePress config, the source pages' loader and the browser check:
// - the book: docs/*.md (English, at /) and docs/zh-CN/*.md (简体中文, at /zh-CN/), in learning-path order;
// - the rest of the repository (code, tests, scripts), one page per file and per folder under /source/ and
//   /zh-CN/source/, generated at build time from the working tree, so they are the same version as the pages;
// - where a relative link written in a page (for the code host) leads on the site.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DOCS = path.dirname(SITE);
export const ROOT = path.dirname(DOCS);

export type Locale = 'en' | 'zh-CN';
export const LOCALES: Locale[] = ['en', 'zh-CN'];
/** Where an edition's pages live in the repository and on the site. */
export const EDITION: Record<Locale, { dir: string; prefix: string }> = {
  en: { dir: 'docs', prefix: '' },
  'zh-CN': { dir: 'docs/zh-CN', prefix: '/zh-CN' },
};

/** The learning path (docs/README.md); docs/checks/reading-path.test.ts checks the pages link it in order. */
export const PATH = [
  'README.md',
  '01-memory.md',
  '02-leveldb.md',
  '03-redis.md',
  '04-rabbitmq.md',
  '05-choosing.md',
  '06-beyond-one-machine.md',
];
/** Beside the path, in the order the landing page names them. */
export const BESIDE = ['exercises.md', 'benchmarks.md', 'troubleshooting.md'];

const posix = (p: string) => p.split(path.sep).join('/');

/** The chapter page a deep-dive page hangs off (`02-leveldb-deep-dive.md` -> `02-leveldb.md`). */
export function chapterOf(name: string): string | undefined {
  const m = /^(.*)-deep-dive\.md$/.exec(name);
  return m ? `${m[1]}.md` : undefined;
}

/** The pages of one edition, as bare names (`01-memory.md`), sorted. */
export function editionPages(locale: Locale): string[] {
  const dir = path.join(ROOT, EDITION[locale].dir);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

/** The sidebar's order: the path, each chapter followed by its deep dive, then the pages beside it. */
export function readingOrder(locale: Locale): Array<{ name: string; deepDive?: string }> {
  const pages = editionPages(locale);
  const known = new Set([...PATH, ...BESIDE]);
  const order: Array<{ name: string; deepDive?: string }> = [];
  for (const name of PATH) {
    if (!pages.includes(name)) continue;
    const deep = pages.find((p) => chapterOf(p) === name);
    order.push(deep ? { name, deepDive: deep } : { name });
  }
  // A page the lists above do not know still gets a place, beside the path, rather than no place at all.
  const extra = pages.filter((p) => !known.has(p) && !chapterOf(p));
  for (const name of [...BESIDE.filter((p) => pages.includes(p)), ...extra]) order.push({ name });
  return order;
}

/** The site page (a path under the VitePress source folder, docs/) for a book file, or undefined. */
export function bookPage(repoPath: string): string | undefined {
  const m = /^docs\/((?:zh-CN\/)?)([^/]+\.md)$/.exec(repoPath);
  if (!m || !fs.existsSync(path.join(ROOT, repoPath))) return undefined;
  return `${m[1]}${m[2] === 'README.md' ? 'index.md' : m[2]}`;
}

/** The address of a book page on the site: `/`, `/zh-CN/`, `/01-memory.html`. */
export function pageUrl(locale: Locale, name: string): string {
  const prefix = EDITION[locale].prefix;
  return name === 'README.md' ? `${prefix}/` : `${prefix}/${name.replace(/\.md$/, '.html')}`;
}

export interface SourceTree {
  files: Set<string>;
  dirs: Set<string>;
}

let tree: SourceTree | undefined;

/** Files of the repository that are not pages of the book: tracked or new, never git-ignored ones. */
export function sourceTree(fresh = false): SourceTree {
  if (tree && !fresh) return tree;
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\n')
      .filter((f) => f !== '');
  } catch {
    listed = walk('');
  }
  const files = new Set<string>();
  for (const file of listed.sort()) {
    if (bookPage(file) || file.startsWith('docs/site/') || /(^|\/)package-lock\.json$/.test(file)) continue;
    const full = path.join(ROOT, file);
    if (!fs.existsSync(full) || !fs.statSync(full).isFile() || isBinary(full)) continue;
    files.add(file);
  }
  const dirs = new Set<string>(['']);
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  tree = { files, dirs };
  return tree;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

function isBinary(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).includes(0);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A repository file's page, without `.md`: `04-rabbitmq/job.ts` for `04-rabbitmq/job.ts`, and `README` for
 * `README.md` (a Markdown file is shown as a page, like the book's).
 */
export function sourcePageId(repoPath: string): string {
  return repoPath.endsWith('.md') ? repoPath.slice(0, -3) : repoPath;
}

/** The address of a repository file's (or folder's) page on the site. */
export function sourceUrl(locale: Locale, repoPath: string, isDir: boolean): string {
  const base = `${EDITION[locale].prefix}/source/`;
  if (isDir) return repoPath === '' ? base : `${base}${repoPath}/`;
  return `${base}${sourcePageId(repoPath)}.html`;
}

/** Is this site address a source page (served outside the VitePress app)? */
export const isSourceUrl = (url: string) => /^\/(zh-CN\/)?source\//.test(url);

/**
 * Where a relative link written in a repository file leads on the site, or undefined to leave it alone
 * (external links, anchors on the same page, absolute paths, and targets that do not exist, which the
 * build and the browser check then report).
 */
export function siteHref(fromFile: string, href: string, locale: Locale): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//') || href.startsWith('#')) return undefined;
  if (href.startsWith('/')) return undefined;
  const hashAt = href.indexOf('#');
  const target = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const hash = hashAt >= 0 ? href.slice(hashAt) : '';
  if (target === '') return undefined;
  let decoded: string;
  try {
    decoded = decodeURI(target);
  } catch {
    return undefined;
  }
  const repoPath = posix(path.relative(ROOT, path.resolve(path.dirname(fromFile), decoded))).replace(
    /\/$/,
    '',
  );
  if (repoPath.startsWith('..') || path.isAbsolute(repoPath)) return undefined;
  const page = bookPage(repoPath);
  if (page) return `/${page}${hash}`;
  const { files, dirs } = sourceTree();
  if (files.has(repoPath)) return `${sourceUrl(locale, repoPath, false)}${hash}`;
  if (dirs.has(repoPath)) return `${sourceUrl(locale, repoPath, true)}${hash}`;
  return undefined;
}

/** The commit the site is built from, and whether the working tree differs from it. */
export function version(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? commit : `${commit}+`;
  } catch {
    return 'unknown';
  }
}

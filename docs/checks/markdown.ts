// Just enough Markdown reading for the doc checks: fenced blocks, excerpt markers, headings, links.
// Not a full CommonMark parser; it reads the Markdown this repository writes, line by line, and knows the
// one rule that matters most: nothing inside a fenced code block is a heading or a link.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DOCS = path.join(ROOT, 'docs');
export const ZH = path.join(DOCS, 'zh-CN');

/** Repository-relative path with forward slashes, for messages a reader can click. */
export function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** Folders under docs/ that hold tooling, not pages of the book: the website's build (docs/site). */
const NOT_THE_BOOK = new Set([path.join(DOCS, 'site')]);

/**
 * README.md plus every .md under docs/ (not in node_modules, hidden folders or the website's tooling),
 * sorted, so failures come out in a stable order.
 */
export function bookPages(): string[] {
  const pages: string[] = [path.join(ROOT, 'README.md')];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const skip = entry.name === 'node_modules' || entry.name.startsWith('.') || NOT_THE_BOOK.has(full);
      if (entry.isDirectory()) {
        if (!skip) walk(full);
      } else if (entry.name.endsWith('.md')) pages.push(full);
    }
  };
  walk(DOCS);
  return pages.sort();
}

/** The .md files directly in one directory (one edition of the book), as bare names. */
export function editionPages(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence characters, e.g. "ts" or "mermaid". */
  info: string;
  /** The lines between the fences. */
  body: string[];
}

export interface Line {
  /** 1-based line number. */
  line: number;
  text: string;
}

export interface Parsed {
  fences: Fence[];
  /** Lines outside any fenced block, with their numbers. */
  prose: Line[];
  /** For each fence, the last non-blank prose line before it (where an excerpt marker sits). */
  before: Map<Fence, Line | undefined>;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export function parse(markdown: string): Parsed {
  const lines = markdown.split(/\r?\n/);
  const fences: Fence[] = [];
  const prose: Line[] = [];
  const before = new Map<Fence, Line | undefined>();
  let lastProse: Line | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const open = OPEN.exec(text);
    if (!open) {
      const entry = { line: i + 1, text };
      prose.push(entry);
      if (text.trim() !== '') lastProse = entry;
      continue;
    }
    const marker = open[1] ?? '```';
    const fence: Fence = { line: i + 1, info: (open[2] ?? '').trim(), body: [] };
    // A closing fence uses the same character, at least as many of them, and nothing else.
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    i++;
    while (i < lines.length && !close.test(lines[i] ?? '')) {
      fence.body.push(lines[i] ?? '');
      i++;
    }
    fences.push(fence);
    before.set(fence, lastProse);
    lastProse = undefined;
  }
  return { fences, prose, before };
}

export interface Excerpt {
  /** 1-based line of the marker comment. */
  line: number;
  /** Source path as written in the marker, relative to the repository root. */
  source: string;
  fence: Fence;
}

const EXCERPT = /^\s*<!--\s*excerpt:\s*(\S+)\s*-->\s*$/;

/**
 * Every `<!-- excerpt: path -->` marker; `fence` is the block right after it (undefined when there is none).
 */
export function excerpts(parsed: Parsed): Array<Omit<Excerpt, 'fence'> & { fence: Fence | undefined }> {
  const found: Array<Omit<Excerpt, 'fence'> & { fence: Fence | undefined }> = [];
  const owner = new Map<number, Fence>();
  for (const fence of parsed.fences) {
    const prev = parsed.before.get(fence);
    if (prev) owner.set(prev.line, fence);
  }
  for (const { line, text } of parsed.prose) {
    const m = EXCERPT.exec(text);
    if (m) found.push({ line, source: m[1] ?? '', fence: owner.get(line) });
  }
  return found;
}

/**
 * Where does `excerpt` sit in `source`? Compares line by line, trailing whitespace trimmed. Returns the
 * 1-based line where it starts, or, when it is not there, the line of the excerpt that first differs from
 * the closest candidate in the source (to say exactly what drifted).
 */
export function locate(
  excerpt: string[],
  source: string[],
):
  | { found: true; at: number }
  | { found: false; excerptLine: number; expected: string | undefined; got: string } {
  const ex = excerpt.map((l) => l.trimEnd());
  const src = source.map((l) => l.trimEnd());
  let best = { start: -1, matched: -1 };
  for (let start = 0; start + ex.length <= src.length; start++) {
    let k = 0;
    while (k < ex.length && src[start + k] === ex[k]) k++;
    if (k === ex.length) return { found: true, at: start + 1 };
    if (k > best.matched) best = { start, matched: k };
  }
  const k = Math.max(best.matched, 0);
  return {
    found: false,
    excerptLine: k + 1,
    expected: best.start >= 0 ? src[best.start + k] : undefined,
    got: ex[k] ?? '',
  };
}

export interface Heading {
  line: number;
  level: number;
  text: string;
}

export function headings(parsed: Parsed): Heading[] {
  const out: Heading[] = [];
  for (const { line, text } of parsed.prose) {
    const m = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (m) out.push({ line, level: (m[1] ?? '#').length, text: m[2] ?? '' });
  }
  return out;
}

/** The anchors GitHub gives a page's headings (github-slugger rules, duplicates numbered -1, -2, ...). */
export function anchors(parsed: Parsed): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(parsed)) {
    const base = slug(h.text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/**
 * GitHub's heading slug: the rendered text, lower-cased, punctuation and symbols dropped, spaces to hyphens.
 */
export function slug(headingText: string): string {
  const rendered = headingText
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/`/g, '')
    .replace(/(\*\*|__|\*|~~)/g, '');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

export interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` and reference definitions `[x]: target`, outside code. */
export function links(parsed: Parsed): Link[] {
  const out: Link[] = [];
  for (const { line, text } of parsed.prose) {
    if (/^\s*<!--.*-->\s*$/.test(text)) continue;
    const noCode = text.replace(/`[^`]*`/g, '');
    for (const m of noCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ line, target: m[1] ?? '' });
    }
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(noCode);
    if (def) out.push({ line, target: def[1] ?? '' });
  }
  return out;
}

export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/**
 * The questions of docs/05-choosing.md a test file answers, from the `// choosing: q1; q2 ` +
   `(simulated)` line in
 * its first lines: question -> whether the test simulates the failure instead of causing it.
 */
export function choosingTag(file: string): Map<string, boolean> | undefined {
  // One or more `// choosing:` lines among the first ones, so a long list stays within the line width.
  const head = read(file).split('\n').slice(0, 6);
  const lines = head.map((l) => /^\/\/ choosing: (.+)$/.exec(l)?.[1]).filter((t) => t !== undefined);
  if (lines.length === 0) return undefined;
  const tag = lines.join(';');
  const out = new Map<string, boolean>();
  for (const part of tag.split(';')) {
    const m = /^\s*(.*?)\s*(\(simulated\))?\s*$/.exec(part);
    if (m?.[1]) out.set(m[1].toLowerCase(), m[2] !== undefined);
  }
  return out;
}

/**
 * A page's paragraphs and table rows outside code, each with the line it starts on: a paragraph's lines are
 * joined with spaces; a list item, a heading and each table row is a block of its own.
 */
export function blocks(markdown: string): Line[] {
  const out: Line[] = [];
  let current: Line | undefined;
  for (const { line, text } of parse(markdown).prose) {
    const row = text.trim().startsWith('|');
    if (text.trim() === '' || row || /^\s*([-*] |\d+\. |#)/.test(text)) current = undefined;
    if (text.trim() === '') continue;
    if (current) current.text += ` ${text.trim()}`;
    else {
      current = { line, text: text.trim() };
      out.push(current);
      if (row) current = undefined;
    }
  }
  return out;
}

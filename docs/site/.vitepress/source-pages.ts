// The repository's files as pages of the site: /source/<path>.html (and /zh-CN/source/...) shows a file
// highlighted with line numbers (a Markdown file is rendered), /source/<folder>/ lists a folder. They are
// made from the working tree: written into the built site at the end of `vitepress build`, and rendered
// on request by the dev server, never written into the repository. They are plain HTML pages with the
// theme's styles, not pages of the VitePress app: a few hundred highlighted files as app pages would make
// the build take many minutes (measured: over 17 min for about 500 of them).
import fs from 'node:fs';
import path from 'node:path';
import type { MarkdownRenderer } from 'vitepress';
import {
  EDITION,
  type Locale,
  LOCALES,
  ROOT,
  SITE,
  pageUrl,
  sourcePageId,
  sourceTree,
  sourceUrl,
  version,
} from './repo.ts';

const WORDS = {
  en: {
    site: 'Queues in Node.js',
    source: 'Source',
    other: '简体中文',
    file: (commit: string) =>
      `This file as it is at commit \`${commit}\`, the same version as the pages of this site.`,
    folder: (commit: string) => `This folder as it is at commit \`${commit}\`.`,
    chapter: 'The chapter',
  },
  'zh-CN': {
    site: 'Node.js 中的队列',
    source: '源代码',
    other: 'English',
    file: (commit: string) => `这是提交 \`${commit}\` 时的文件，与本站页面是同一版本。`,
    folder: (commit: string) => `这是提交 \`${commit}\` 时的文件夹。`,
    chapter: '本章页面',
  },
};

const LANGUAGE: Record<string, string> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.json': 'json',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.sh': 'bash',
  '.svg': 'xml',
  '.html': 'html',
  '.css': 'css',
};

function language(file: string, text: string): string {
  const known = LANGUAGE[path.extname(file)];
  if (known) return known;
  if (/^#!.*\b(bash|sh)\b/.test(text)) return 'bash';
  return 'text';
}

/** A fence longer than any run of backticks in the text, so the file cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `queues-in-node / 04-rabbitmq / test / x.test.ts`, each folder a link. */
function breadcrumb(locale: Locale, repoPath: string): string {
  const parts = repoPath === '' ? [] : repoPath.split('/');
  const crumbs = [`[queues-in-node](${sourceUrl(locale, '', true)})`];
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    crumbs.push(
      last ? `\`${part}\`` : `[${part}](${sourceUrl(locale, parts.slice(0, i + 1).join('/'), true)})`,
    );
  });
  return crumbs.join(' / ');
}

function fileMarkdown(locale: Locale, repoPath: string, commit: string): string {
  const text = fs.readFileSync(path.join(ROOT, repoPath), 'utf8');
  const head = `${breadcrumb(locale, repoPath)}\n\n${WORDS[locale].file(commit)}\n\n`;
  if (repoPath.endsWith('.md')) return head + text;
  const marks = fence(text);
  return (
    `# ${path.posix.basename(repoPath)}\n\n${head}` +
    `${marks}${language(repoPath, text)}:line-numbers\n${text.replace(/\n$/, '')}\n${marks}\n`
  );
}

function folderMarkdown(locale: Locale, repoPath: string, commit: string): string {
  const { files, dirs } = sourceTree();
  const inside = (p: string) => path.posix.dirname(p) === (repoPath === '' ? '.' : repoPath);
  const lines = [
    ...[...dirs]
      .filter((d) => d !== '' && inside(d))
      .sort()
      .map((d) => `- [\`${path.posix.basename(d)}/\`](${sourceUrl(locale, d, true)})`),
    ...[...files]
      .filter(inside)
      .sort()
      .map((f) => `- [\`${path.posix.basename(f)}\`](${sourceUrl(locale, f, false)})`),
  ];
  // A chapter's folder points to its page (01-memory/ -> the chapter 1 page).
  const chapter = `${repoPath}.md`;
  const hasPage = repoPath !== '' && fs.existsSync(path.join(ROOT, EDITION[locale].dir, chapter));
  const back = hasPage ? `${WORDS[locale].chapter}: [${repoPath}](${pageUrl(locale, chapter)})\n\n` : '';
  const title = repoPath === '' ? 'queues-in-node' : `\`${repoPath}/\``;
  const head = `# ${title}\n\n${breadcrumb(locale, repoPath)}\n\n${WORDS[locale].folder(commit)}\n\n`;
  return `${head}${back}${lines.join('\n')}\n`;
}

/** Which file or folder a site address shows, if it is a source page. */
export function sourceAt(url: string): { locale: Locale; repoPath: string; isDir: boolean } | undefined {
  const m = /^\/(zh-CN\/)?source\/(.*)$/.exec(url);
  if (!m) return undefined;
  const locale: Locale = m[1] ? 'zh-CN' : 'en';
  const rest = (m[2] ?? '').replace(/index\.html$/, '');
  const { files, dirs } = sourceTree();
  if (rest === '' || rest.endsWith('/')) {
    const dir = rest.replace(/\/$/, '');
    return dirs.has(dir) ? { locale, repoPath: dir, isDir: true } : undefined;
  }
  if (!rest.endsWith('.html')) return undefined;
  const id = rest.slice(0, -'.html'.length);
  for (const repoPath of [id, `${id}.md`]) {
    if (files.has(repoPath) && sourcePageId(repoPath) === id) return { locale, repoPath, isDir: false };
  }
  return undefined;
}

/** Every source page's address, for the build. */
export function sourceUrls(): string[] {
  const { files, dirs } = sourceTree();
  return LOCALES.flatMap((locale) => [
    ...[...dirs].map((d) => sourceUrl(locale, d, true)),
    ...[...files].map((f) => sourceUrl(locale, f, false)),
  ]);
}

export const STYLESHEET = '/source/source.css';

/** The theme's own styles for pages and code, and a header of our own. */
export function stylesheet(): string {
  const styles = path.join(SITE, 'node_modules/vitepress/dist/client/theme-default/styles');
  const parts = ['vars.css', 'base.css', 'utils.css', 'components/vp-code.css', 'components/vp-doc.css'];
  const theme = parts.map((p) => fs.readFileSync(path.join(styles, p), 'utf8')).join('\n');
  return `${theme}
.source-top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; padding: 16px 24px;
  border-bottom: 1px solid var(--vp-c-divider); background: var(--vp-c-bg); }
.source-top .home { font-weight: 600; color: var(--vp-c-text-1); margin-right: auto; }
.source-top a { color: var(--vp-c-brand-1); text-decoration: none; }
.source-main { max-width: 1100px; margin: 0 auto; padding: 24px; }
.source-main h1 { font-size: 28px; line-height: 40px; font-weight: 600; margin-bottom: 16px;
  overflow-wrap: anywhere; }
`;
}

const APPEARANCE = `(() => {
  const p = localStorage.getItem('vitepress-theme-appearance') || 'auto';
  if (p === 'dark' || (p === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches))
    document.documentElement.classList.add('dark');
})();`;

const COPY = `document.addEventListener('click', (e) => {
  const button = e.target instanceof Element && e.target.closest('button.copy');
  if (!button) return;
  const pre = button.parentElement && button.parentElement.querySelector('pre');
  if (!pre) return;
  navigator.clipboard.writeText(pre.innerText).then(() => {
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 2000);
  });
});`;

/** The HTML of one source page, or undefined when the address is not one. */
export function renderSource(md: MarkdownRenderer, url: string): string | undefined {
  const at = sourceAt(url);
  if (!at) return undefined;
  const { locale, repoPath, isDir } = at;
  const commit = version();
  const markdown = isDir ? folderMarkdown(locale, repoPath, commit) : fileMarkdown(locale, repoPath, commit);
  const env = {
    repoFile: isDir ? `${repoPath}/.` : repoPath,
    localeIndex: locale === 'en' ? 'root' : locale,
  };
  const body = md.render(markdown, env);
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const words = WORDS[locale];
  const title = repoPath === '' ? words.source : repoPath;
  return `<!doctype html>
<html lang="${locale === 'en' ? 'en-US' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | ${escapeHtml(words.site)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
<script>${APPEARANCE}</script>
</head>
<body>
<header class="source-top">
<a class="home" href="${pageUrl(locale, 'README.md')}">${escapeHtml(words.site)}</a>
<a href="${sourceUrl(locale, '', true)}">${escapeHtml(words.source)}</a>
<a class="switch" lang="${other === 'en' ? 'en-US' : 'zh-CN'}"
  href="${sourceUrl(other, repoPath, isDir)}">${escapeHtml(words.other)}</a>
</header>
<main class="vp-doc source-main">
${body}
</main>
<script>${COPY}</script>
</body>
</html>
`;
}

/** Writes every source page, and their stylesheet, into the built site. */
export function writeSourcePages(md: MarkdownRenderer, outDir: string): number {
  const urls = sourceUrls();
  for (const url of urls) {
    const html = renderSource(md, url);
    if (html === undefined) throw new Error(`no source page for ${url}`);
    const file = path.join(outDir, url.endsWith('/') ? `${url}index.html` : url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, html);
  }
  fs.writeFileSync(path.join(outDir, STYLESHEET), stylesheet());
  return urls.length;
}

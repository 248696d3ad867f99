// The book as a website: VitePress over the Markdown in docs/ (the source; it keeps rendering on a code
// host as it is). English at /, 简体中文 at /zh-CN/; the repository's files under /source/ (see
// source-pages.ts). Built by `npm run docs:build`, served by `npm run docs`, checked by `npm run docs:check`.
import fs from 'node:fs';
import path from 'node:path';
import { slug } from 'github-slugger';
import type { ViteDevServer } from 'vite';
import {
  type DefaultTheme,
  type MarkdownOptions,
  type MarkdownRenderer,
  createMarkdownRenderer,
  defineConfig,
} from 'vitepress';
import { withMermaid } from 'vitepress-plugin-mermaid';
import {
  DOCS,
  EDITION,
  type Locale,
  ROOT,
  chapterOf,
  editionPages,
  pageUrl,
  readingOrder,
  siteHref,
  PATH,
  BESIDE,
  isSourceUrl,
  sourceTree,
} from './repo.ts';
import { STYLESHEET, renderSource, stylesheet, writeSourcePages } from './source-pages.ts';

/** A page's title: its first level-1 heading, without Markdown. */
function titleOf(locale: Locale, name: string): string {
  const text = fs.readFileSync(path.join(ROOT, EDITION[locale].dir, name), 'utf8');
  const h1 = /^# (.+)$/m.exec(text)?.[1] ?? name.replace(/\.md$/, '');
  return h1
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

const LABELS = {
  en: { path: 'The learning path', beside: 'Beside the path' },
  'zh-CN': { path: '学习路径', beside: '路径之外' },
};

function sidebar(locale: Locale): DefaultTheme.SidebarItem[] {
  const item = (name: string) => ({ text: titleOf(locale, name), link: pageUrl(locale, name) });
  const order = readingOrder(locale);
  const onPath = order.filter((o) => PATH.includes(o.name));
  const beside = order.filter((o) => !PATH.includes(o.name));
  return [
    {
      text: LABELS[locale].path,
      items: onPath.map((o) =>
        o.deepDive ? { ...item(o.name), collapsed: false, items: [item(o.deepDive)] } : item(o.name),
      ),
    },
    { text: LABELS[locale].beside, items: beside.map((o) => item(o.name)) },
  ];
}

/**
 * Prev/next follow the learning path (README -> chapters -> choosing -> beyond one machine -> the pages
 * beside it); a deep-dive page sits between its chapter and the next one.
 */
function neighbours(locale: Locale, name: string): { prev: unknown; next: unknown } {
  const pages = editionPages(locale);
  const chain = [
    ...PATH,
    ...BESIDE,
    ...pages.filter((p) => !PATH.includes(p) && !BESIDE.includes(p) && !chapterOf(p)),
  ].filter((p) => pages.includes(p));
  const link = (p: string | undefined) =>
    p ? { text: titleOf(locale, p), link: pageUrl(locale, p) } : false;
  const chapter = chapterOf(name);
  const at = chain.indexOf(chapter ?? name);
  if (at < 0) return { prev: false, next: false };
  return chapter
    ? { prev: link(chapter), next: link(chain[at + 1]) }
    : { prev: link(chain[at - 1]), next: link(chain[at + 1]) };
}

/** Relative links written for the code host (`../04-rabbitmq/test/x.test.ts`) become links on the site. */
function repositoryLinks(md: MarkdownRenderer): void {
  md.core.ruler.push('repository-links', (state) => {
    const env = state.env as { realPath?: string; path?: string; localeIndex?: string; repoFile?: string };
    const repoFile = env.repoFile;
    const from = repoFile ? path.join(ROOT, repoFile) : (env.realPath ?? env.path);
    if (!from) return;
    const locale: Locale = env.localeIndex === 'zh-CN' ? 'zh-CN' : 'en';
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        const to = href === null ? undefined : siteHref(from, href, locale);
        if (to === undefined) continue;
        token.attrSet('href', to);
        // A source page is a plain page beside the app: the browser loads it, the app's router does not.
        if (isSourceUrl(to)) token.attrSet('target', '_self');
      }
    }
  });
}

const markdown: MarkdownOptions = {
  // The anchors a code host gives headings, so `page.md#a-heading` links work on both.
  anchor: { slugify: (text: string) => slug(text) },
  config: repositoryLinks,
};

let renderer: Promise<MarkdownRenderer> | undefined;
const sourceRenderer = () => {
  renderer ??= createMarkdownRenderer(DOCS, markdown, '/');
  return renderer;
};

/** `npm run docs`: the source pages, made on each request from the files as they are now. */
const sourcePagesServed = {
  name: 'queues-site:source-pages',
  configureServer(server: ViteDevServer) {
    server.middlewares.use(async (req, res, next) => {
      const url = decodeURI(new URL(req.url ?? '/', 'http://x').pathname);
      if (!isSourceUrl(url)) return next();
      if (url === STYLESHEET) {
        res.setHeader('content-type', 'text/css');
        return res.end(stylesheet());
      }
      sourceTree(true);
      const html = renderSource(await sourceRenderer(), url);
      if (html === undefined) return next();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html);
    });
  },
};

const themes = {
  en: {
    nav: [
      { text: 'Learning path', link: '/' },
      { text: 'Source', link: '/source/', target: '_self' },
    ],
    sidebar: sidebar('en'),
    outline: { level: [2, 3] as [number, number], label: 'On this page' },
  },
  'zh-CN': {
    nav: [
      { text: '学习路径', link: '/zh-CN/' },
      { text: '源代码', link: '/zh-CN/source/', target: '_self' },
    ],
    sidebar: sidebar('zh-CN'),
    outline: { level: [2, 3] as [number, number], label: '本页目录' },
    docFooter: { prev: '上一页', next: '下一页' },
    returnToTopLabel: '回到顶部',
    sidebarMenuLabel: '目录',
    darkModeSwitchLabel: '外观',
    lightModeSwitchTitle: '切换到浅色模式',
    darkModeSwitchTitle: '切换到深色模式',
    langMenuLabel: '切换语言',
    notFound: {
      title: '页面不存在',
      quote: '这个地址没有页面。',
      linkText: '回到学习路径',
      linkLabel: '回到学习路径',
    },
  },
};

export default withMermaid(
  defineConfig({
    srcDir: '..',
    outDir: 'dist',
    srcExclude: ['checks/**', 'site/**'],
    // Each edition's README is its home page.
    rewrites: { 'README.md': 'index.md', 'zh-CN/README.md': 'zh-CN/index.md' },
    title: 'Queues in Node.js',
    description: 'A step-by-step tutorial on job queues in Node.js: in memory, LevelDB, Redis, RabbitMQ.',
    lastUpdated: false,
    // No icon to fetch (a browser asks for /favicon.ico otherwise, and gets a 404).
    head: [['link', { rel: 'icon', href: 'data:,' }]],
    // Links to a RabbitMQ management page on the reader's own machine (http://localhost:15672).
    ignoreDeadLinks: 'localhostLinks',
    markdown,
    async buildEnd(siteConfig) {
      const count = writeSourcePages(await sourceRenderer(), siteConfig.outDir);
      console.log(
        `source pages: ${count} written to ${path.relative(ROOT, siteConfig.outDir)}/source and zh-CN/source`,
      );
    },
    transformPageData(pageData) {
      const m = /^(zh-CN\/)?([^/]+\.md)$/.exec(pageData.relativePath);
      if (!m || m[2] === undefined) return;
      const locale: Locale = m[1] ? 'zh-CN' : 'en';
      const name = m[2] === 'index.md' ? 'README.md' : m[2];
      Object.assign(pageData.frontmatter, neighbours(locale, name));
    },
    locales: {
      root: { label: 'English', lang: 'en-US', themeConfig: themes.en },
      'zh-CN': {
        label: '简体中文',
        lang: 'zh-CN',
        link: '/zh-CN/',
        title: 'Node.js 中的队列',
        description: '一步一步用 Node.js 做任务队列：内存、LevelDB、Redis、RabbitMQ。',
        themeConfig: themes['zh-CN'],
      },
    },
    themeConfig: {
      search: {
        provider: 'local',
        options: {
          miniSearch: {
            // Chinese has no spaces between words: each run of Han characters is indexed (and a query
            // cut) as its overlapping pairs of characters, so 死信 is found inside 死信交换机 and 变成死信.
            // All the words of a query must be on the page. (The function is copied into the page as
            // text: it may use nothing from outside itself.)
            options: {
              tokenize(text: string): string[] {
                const out: string[] = [];
                for (const part of text.split(/[\n\r\p{Z}\p{P}]+/u)) {
                  for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) {
                    if (!/\p{Script=Han}/u.test(run) || run.length === 1) out.push(run);
                    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
                  }
                }
                return out;
              },
            },
            searchOptions: { combineWith: 'AND' },
          },
          locales: {
            'zh-CN': {
              translations: {
                button: { buttonText: '搜索', buttonAriaLabel: '搜索' },
                modal: {
                  displayDetails: '显示详情',
                  resetButtonTitle: '清除',
                  backButtonTitle: '关闭',
                  noResultsText: '没有找到',
                  footer: { selectText: '打开', navigateText: '上下移动', closeText: '关闭' },
                },
              },
            },
          },
        },
      },
    },
    mermaid: {},
    // Not the class "mermaid": Mermaid itself draws every element of that class when the window has loaded
    // (unless told otherwise first), and, racing the plugin, it would read a drawn diagram as a diagram's
    // text and draw a syntax error over it (seen in the browser check, on some loads).
    mermaidPlugin: { class: 'mermaid-diagram' },
    vite: {
      plugins: [sourcePagesServed],
      // The dev server bundles Mermaid ahead, with its CommonJS dependencies (fastdom, dayjs...).
      optimizeDeps: { include: ['mermaid'] },
      // Mermaid's diagram types are large chunks, loaded only on pages with a diagram.
      build: { chunkSizeWarningLimit: 4000 },
    },
  }),
);

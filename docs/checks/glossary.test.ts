// One glossary for the whole book. docs/README.md defines every term in both editions (the Chinese one
// with the fixed Chinese term and the English original), and the Chinese pages use those terms: no
// English term left in the prose, none of the wrong renderings a native reader found, and one term for
// each thing where several drifted (载荷, 持久队列, 实测, 竞态, fanout 交换机, 消息头, 请求体, 演示,
// 工作进程, 通道, 可见性超时, chapter 6's title, “…” quotes). The terms Chinese developers already use
// (工作进程, 可见性超时, 推送) are the chosen ones, not errors.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, editionPages, headings, parse, read, rel } from './markdown.ts';

/** English term -> the Chinese term every Chinese page uses for it. */
export const GLOSSARY: Array<[english: string, chinese: string]> = [
  ['producer', '生产者'],
  ['worker', '工作进程'],
  ['consumer', '消费者'],
  ['job', '任务'],
  ['message', '消息'],
  ['queue', '队列'],
  ['ack', '确认'],
  ['nack', '否定确认'],
  ['requeue', '重新入队'],
  ['publisher confirm', '发布确认'],
  ['at-most-once', '至多一次'],
  ['at-least-once', '至少一次'],
  ['idempotent', '幂等'],
  ['dead letter', '死信'],
  ['backoff', '退避'],
  ['prefetch', '预取'],
  ['durable', '持久队列'],
  ['persistent', '持久化消息'],
  ['watchdog timeout', '可见性超时'],
  ['broker', '消息代理'],
  ['channel', '通道'],
  ['exchange', '交换机'],
  ['fanout', 'fanout 交换机'],
  ['quorum queue', '仲裁队列'],
  ['ECONN', 'ECONN'],
];

/** Terms of the preamble's glossary that the README need not define, for the messages below. */
const ALSO: Array<[english: string, chinese: string]> = [
  ['confirm channel', '发布确认通道'],
  ['redeliver', '重新投递'],
];

/** Renderings the Chinese edition must not use, with the fix to suggest. */
const WRONG: Array<[RegExp, string]> = [
  [/回答/g, 'an HTTP response is 响应'],
  [/死消息/g, 'a dead letter is 死信'],
  [/单体服务/g, '"a single service that relays events" is 一个转发事件的服务, not a monolith'],
  [/(发布者|生产者|发送方|发布方)确认/g, 'a publisher confirm is 发布确认 (确认 alone is the ack)'],
  [/TCP\s*(的)?\s*确认/g, "TCP's ACK stays TCP 的 ACK (确认 is the queue's ack)"],
  [/工作者(进程)?/g, 'a worker is 工作进程'],
  [/看门狗超时/g, 'the visibility (watchdog) timeout is 可见性超时'],
  [/信道/g, 'a channel is 通道 (a confirm channel: 发布确认通道)'],
  [/(?<!平均|分担|别的)负载(?!均衡)/g, 'a payload is 载荷'],
  [/持久化队列/g, 'a durable queue is 持久队列 (持久化 is for messages)'],
  [/测量|测得|量到的/g, 'measured is 实测'],
  [/竞争/g, 'a race is 竞态'],
  [/扇出/g, 'a fanout exchange is fanout 交换机'],
  [/头部/g, 'a message header is 消息头'],
  [/故事|主程序/g, 'the story (npm run chapter:N) is 演示'],
  [/正文/g, 'a request body is 请求体 (the main page: 主页面)'],
  [/走出一台机器|超越单台机器|超越单机|单机之外/g, "chapter 6's title is 走出单机"],
  [/"[^"\n]*[\u3400-\u9fff][^"\n]*"/g, 'quotes in Chinese prose are “…”, never ASCII "…"'],
  [
    /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"|"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/g,
    'quotes in Chinese prose are “…”, never ASCII "…"',
  ],
  [/远程服务确认/g, "the remote service's yes is not an ack: 远程服务返回成功"],
  [
    /得到了?确认/g,
    "a broker's yes to a publish is a publisher confirm: 得到发布确认 (确认 alone is the ack)",
  ],
  [/做练习约/g, '做练习约 N 分钟 reads as the exercises alone: say 加上练习约 N 分钟'],
  [/阻塞式弹出设得很短/g, "it is the pop's timeout that is short: 把阻塞式弹出的超时设得很短"],
  [/欢迎信|欢迎消息|欢迎电邮/g, 'the welcome email is 欢迎邮件'],
  [/活在/g, 'a calque of "lives in": say 保存在, 放在 or 在……里'],
  [/说了\s*[“"「]好[”"」]/g, 'a calque of "said yes": say 同意了, 返回了成功 or 确认了'],
  [
    /不带重新入队地|不带错误地|带着错误回调|活得久|顺带捎上|合成一次|说的协议/g,
    'English grammar in Chinese words: rewrite the sentence the way a Chinese engineer says it',
  ],
];

/** English glossary words that must not stand in Chinese prose (inline code, file names and links aside). */
const ENGLISH_WORDS = [
  'workers?',
  'producers?',
  'consumers?',
  'acks?',
  'nacks?',
  'requeue[sd]?',
  'dead[- ]letters?',
  'prefetch',
  'backoff',
  'publisher confirms?',
  'confirm channels?',
  'channels?',
  'exchanges?',
  'brokers?',
  'redeliver(?:y|ed|s)?',
  'at-least-once',
  'at-most-once',
  'idempotent',
];
const ENGLISH_IN_CHINESE = new RegExp(`(?<![\\w./-])(${ENGLISH_WORDS.join('|')})(?![\\w./-])`, 'gi');

/**
 * A page's prose without inline code, link targets, HTML comments and URLs: the words a reader reads. The
 * English original in full-width brackets right after a bold term (the glossary's `**生产者**（producer）`)
 * is a definition, not a use, so it goes too.
 */
function readableProse(page: string): Array<{ line: number; text: string }> {
  return parse(read(page)).prose.map(({ line, text }) => ({
    line,
    text: text
      .replace(/<!--.*?-->/g, '')
      .replace(/(\*\*[^*]+\*\*)（[^）]*）/g, '$1')
      .replace(/TCP 的 ACK/g, 'TCP 的')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/<?https?:\/\/\S+>?/g, ''),
  }));
}

/** The text of the level-2 section whose heading matches, up to the next level-2 heading. */
function section(page: string, heading: RegExp): string | undefined {
  const parsed = parse(read(page));
  const h2 = headings(parsed).filter((h) => h.level === 2);
  const start = h2.find((h) => heading.test(h.text));
  if (!start) return undefined;
  const end = h2.find((h) => h.line > start.line)?.line ?? Number.POSITIVE_INFINITY;
  return parsed.prose
    .filter((l) => l.line > start.line && l.line < end)
    .map((l) => l.text)
    .join('\n');
}

describe('the glossary in docs/README.md', () => {
  it('defines every term in the English edition, in bold', () => {
    const text = section(path.join(DOCS, 'README.md'), /^glossary\b/i);
    expect(text, 'docs/README.md has no "## Glossary" section').toBeDefined();
    const missing = GLOSSARY.filter(([en]) => !new RegExp(`\\*\\*${en}\\*\\*`, 'i').test(text ?? '')).map(
      ([en]) => en,
    );
    expect(
      missing,
      `terms not defined (as **term**) in docs/README.md's glossary: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it(
    'defines every term in the Chinese edition, with the fixed Chinese term and the English ' + 'original',
    () => {
      const text = section(path.join(ZH, 'README.md'), /^术语/);
      expect(text, 'docs/zh-CN/README.md has no "## 术语…" section').toBeDefined();
      const missing = GLOSSARY.filter(
        ([en, zh]) => !(text ?? '').includes(`**${zh}**`) || !new RegExp(`\\b${en}\\b`, 'i').test(text ?? ''),
      ).map(([en, zh]) => `${zh} (${en})`);
      expect(
        missing,
        `terms not defined (as **中文** with the English word) in docs/zh-CN/README.md's glossary: ` +
          `${missing.join(', ')}`,
      ).toEqual([]);
    },
  );
});

describe('the Chinese pages use the glossary', () => {
  it(
    'the checker itself: a wrong rendering and a bare English term are found, code and links are ' + 'not',
    () => {
      const problems = (text: string) => [
        ...WRONG.filter(([re]) => new RegExp(re.source).test(text)).map(([, fix]) => fix),
        ...[...text.matchAll(ENGLISH_IN_CHINESE)].map((m) => m[0]),
      ];
      expect(problems('服务器回答 503，worker 重试')).toHaveLength(2);
      expect(problems('工作进程调用 `worker.ts` 里的函数，见 worker.ts')).toEqual([]);
      expect(problems('工作进程收到推送，可见性超时之后，通道关闭')).toEqual([]);
      expect(problems('任务的负载写在"头部"里')).toHaveLength(4);
      expect(problems('分担负载，负载均衡器')).toEqual([]);
    },
  );

  it.each(editionPages(ZH))('docs/zh-CN/%s', (name) => {
    const page = path.join(ZH, name);
    const problems: string[] = [];
    for (const { line, text } of readableProse(page)) {
      for (const [re, fix] of WRONG) {
        for (const m of text.matchAll(re)) problems.push(`${rel(page)}:${line}: "${m[0]}": ${fix}`);
      }
      for (const m of text.matchAll(ENGLISH_IN_CHINESE)) {
        const zh = [...GLOSSARY, ...ALSO].find(([en]) =>
          m[0].toLowerCase().replace(/-/g, ' ').startsWith(en.replace(/-/g, ' ')),
        )?.[1];
        problems.push(
          `${rel(page)}:${line}: English "${m[0]}" in Chinese ` +
            `prose${zh ? `: the glossary says ${zh}` : ''} (code and file names go in backticks)`,
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

// A hand-written SVG bar chart of throughput: one group of bars per queue (one bar per concurrency),
// log-scale axis, so async.queue's hundreds of thousands and a polling worker's tens fit on one page.
// Plain SVG 1.1 with inline attributes: GitHub, editors and browsers render it without any script.
import type { Row } from '../measure/harness.ts';

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'];
const KIND_FILL: Record<Row['kind'], string> = {
  bare: '#555',
  library: '#555',
  chapter: '#000',
  peer: '#555',
};

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderChart(rows: Row[], concurrencies: number[]): string {
  const measured = rows.filter((r) => !r.error && concurrencies.some((c) => r.throughput[c]! > 0));
  const labelW = 360;
  const plotW = 560;
  const barH = 9;
  const groupGap = 8;
  const chapterGap = 16;
  const top = 56;
  const values = measured.flatMap((r) => concurrencies.map((c) => r.throughput[c] ?? 0)).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(10, ...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(100, ...values)));
  const x = (v: number) =>
    labelW + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;

  const parts: string[] = [];
  let y = top;
  let lastChapter = '';
  for (const r of measured) {
    if (r.chapter !== lastChapter) {
      if (lastChapter) y += chapterGap;
      parts.push(
        `<text x="8" y="${y + 10}" font-weight="bold" font-size="12">${escapeXml(r.chapter)}</text>`,
      );
      y += 16;
      lastChapter = r.chapter;
    }
    const groupH = concurrencies.length * barH;
    const weight = r.kind === 'chapter' ? ' font-weight="bold"' : '';
    parts.push(
      `<text x="${labelW - 8}" y="${y + groupH / 2 + 4}" text-anchor="end" font-size="11" ` +
        `fill="${KIND_FILL[r.kind]}"${weight}>${escapeXml(r.label)}</text>`,
    );
    concurrencies.forEach((c, i) => {
      const v = r.throughput[c] ?? 0;
      const w = Math.max(1, x(v) - labelW);
      const by = y + i * barH;
      parts.push(
        `<rect x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${barH - 1}" ` +
          `fill="${COLORS[i % COLORS.length]}"><title>${escapeXml(r.label)}, c=${c}: ${Math.round(v)} ` +
          `jobs/s</title></rect>`,
      );
      parts.push(
        `<text x="${(labelW + w + 4).toFixed(1)}" y="${by + barH - 1}" font-size="9" ` +
          `fill="#333">${Math.round(v).toLocaleString('en-US')}</text>`,
      );
    });
    y += groupH + groupGap;
  }
  const bottom = y + 8;

  const axis: string[] = [];
  for (let v = lo; v <= hi; v *= 10) {
    const gx = x(v).toFixed(1);
    axis.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${bottom}" stroke="#ddd"/>`);
    axis.push(
      `<text x="${gx}" y="${bottom + 14}" text-anchor="middle" font-size="10" ` +
        `fill="#333">${v.toLocaleString('en-US')}</text>`,
    );
  }
  const legend = concurrencies.map((c, i) => {
    const lx = labelW + i * 110;
    return (
      `<rect x="${lx}" y="30" width="12" height="10" fill="${COLORS[i % COLORS.length]}"/><text ` +
      `x="${lx + 16}" y="39" font-size="11">concurrency ${c}</text>`
    );
  });
  const width = labelW + plotW + 60;
  const height = bottom + 34;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" \
viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="20" font-size="14" font-weight="bold">\
Throughput, no-op jobs per second (log scale; chapters in bold)</text>
${legend.join('\n')}
${axis.join('\n')}
${parts.join('\n')}
<text x="${labelW + plotW / 2}" y="${bottom + 28}" text-anchor="middle" font-size="11" fill="#333">\
jobs/s</text>
</svg>
`;
}

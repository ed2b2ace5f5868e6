import { stringify } from 'csv-stringify/sync';
import type { AgreementSummary, DocumentRow, Figure } from '../../../shared/contract/methods/agreement';
import { heatColour, LABEL_SERIES, labelBarChart, pairHeatMap, type BarChart, type HeatMap } from '../../../shared/agreement/charts';
import { APP_VERSION } from '../../version';
import { figureRows } from './reportFigures';

/** What a report is made of: a finished run's summary (every per-document row, by disagreement) and where it comes from. */
export type ReportInput = {
  projectName: string;
  createdAt: string;
  summary: AgreementSummary;
  adjudication: { total: number; adjudicated: number; inProgress: number } | null;
};

/** Rows of the per-document table in the HTML (the CSV has them all). */
export const HTML_DOCUMENT_ROWS = 200;

/** The report's files by name: one self-contained HTML page, CSV tables and the whole result as JSON. */
export function reportFiles(input: ReportInput): { path: string; content: string }[] {
  return [
    { path: 'agreement-report.html', content: reportHtml(input) },
    { path: 'agreement-figures.csv', content: figuresCsv(input.summary) },
    { path: 'agreement-documents.csv', content: documentsCsv(input.summary) },
    { path: 'agreement-confusion.csv', content: confusionCsv(input.summary) },
    { path: 'agreement.json', content: `${JSON.stringify(reportJson(input), null, 2)}\n` },
  ];
}

/** Every figure, one per line: level, metric, who, label, attribute, value or the reason it is undefined, and its n. */
export function figuresCsv(summary: AgreementSummary): string {
  return stringify(
    figureRows(summary).map((row) => [
      row.level,
      row.metric,
      row.a,
      row.b,
      row.label,
      row.attribute,
      'value' in row.figure ? row.figure.value : '',
      'value' in row.figure ? '' : row.figure.reason,
      row.documents ?? '',
      row.n ?? '',
    ]),
    { header: true, columns: ['level', 'metric', 'annotator_a', 'annotator_b', 'label', 'attribute', 'value', 'undefined_reason', 'documents', 'n'] },
  );
}

/** One line per compared document, the most disagreement first. */
export function documentsCsv(summary: AgreementSummary): string {
  const name = nameOf(summary);
  const value = (figure: Figure) => ('value' in figure ? figure.value : '');
  return stringify(
    summary.perDocument.map((row) => [
      row.documentId,
      row.title,
      row.tokens,
      row.annotators.map((annotator) => `${name(annotator.annotatorId)}:${annotator.status}${annotator.counted ? '' : ' (not counted)'}`).join('; '),
      row.token.disagreeingTokens,
      value(row.token.alpha),
      value(row.token.observedAgreement),
      value(row.span.exactF1),
      value(row.span.overlapF1),
      row.span.exactUnmatched,
      row.span.overlapUnmatched,
      row.span.attributeDisagreements,
    ]),
    {
      header: true,
      columns: [
        'document_id',
        'title',
        'tokens',
        'annotators',
        'disagreeing_tokens',
        'alpha',
        'observed_agreement',
        'exact_f1',
        'overlap_f1',
        'spans_without_exact_partner',
        'spans_without_overlap_partner',
        'attribute_disagreements',
      ],
    },
  );
}

/** The pooled label confusion matrix: rows and columns are the labels, then none. */
export function confusionCsv(summary: AgreementSummary): string {
  const names = [...summary.labels, 'none'];
  return stringify(
    summary.span.confusion.map((cells, row) => [names[row], ...cells]),
    { header: true, columns: ['label', ...names] },
  );
}

function reportJson(input: ReportInput) {
  return {
    format: 'awb-agreement-report',
    format_version: 1,
    tool: { name: 'Annotation Workbench', version: APP_VERSION },
    created_at: input.createdAt,
    project: input.projectName,
    adjudication: input.adjudication,
    summary: input.summary,
  };
}

const nameOf = (summary: AgreementSummary) => (id: string) => summary.annotators.find((annotator) => annotator.id === id)?.name ?? id;

/** Escapes text for HTML content and attribute values. */
function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif; color: #1f2328; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d9dce1; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border: 1px solid #d9dce1; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .muted { color: #5f6670; } .undefined { color: #8a4b08; font-style: italic; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8rem; } .card { border: 1px solid #d9dce1; border-radius: 8px; padding: 0.6rem 0.9rem; min-width: 10rem; }
.card strong { display: block; font-size: 1.5rem; font-variant-numeric: tabular-nums; } .card small { display: block; color: #5f6670; max-width: 14rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; } .legend span { display: inline-block; width: 0.8rem; height: 0.8rem; margin: 0 0.3rem 0 1rem; vertical-align: middle; }
[dir=auto] { unicode-bidi: plaintext; }
`;

/** The report page: self-contained (styles inline, charts as inline SVG), readable with no script and no network. */
export function reportHtml(input: ReportInput): string {
  const { summary } = input;
  const name = nameOf(summary);
  const parts: string[] = [];
  const tokenizer = summary.tokenizer.kind === 'project' ? 'the project tokenizer (Unicode word segmentation)' : `the pattern /${summary.tokenizer.pattern}/u`;
  parts.push(
    `<h1>Inter-annotator agreement</h1>`,
    `<p class="muted">${esc(input.projectName)} · computed ${esc(input.createdAt)} by Annotation Workbench ${esc(APP_VERSION)}</p>`,
    `<p>Annotators: ${esc(summary.annotators.map((annotator) => annotator.name).join(', '))}. Labels: ${esc(summary.labels.join(', '))}. ` +
      `Tokens: ${esc(tokenizer)}. Counted: ${summary.counting === 'done' ? 'documents an annotator marked done' : 'documents an annotator marked done or has spans in'}.</p>`,
  );
  const docs = summary.documents;
  parts.push(
    `<h2>Documents</h2>`,
    `<p>${docs.total} read; <strong>${docs.compared}</strong> compared (two or more annotators count); ${docs.singleAnnotator} with one annotator; ${docs.unannotated} with none; ${docs.excluded.length} left out.</p>`,
  );
  if (docs.excluded.length > 0) parts.push(`<ul>${docs.excluded.map((entry) => `<li dir="auto">${esc(entry.message)}</li>`).join('')}</ul>`);
  if (input.adjudication) {
    parts.push(
      `<p>Adjudication: ${input.adjudication.adjudicated} of ${input.adjudication.total} documents adjudicated (${input.adjudication.inProgress} in progress).</p>`,
    );
  }
  parts.push(
    `<h2>Overall</h2>`,
    `<div class="cards">`,
    card("Krippendorff's α (tokens)", summary.token.alpha, `${summary.token.pairableValues} pairable values`),
    card("Fleiss' κ (tokens)", summary.token.fleiss.kappa, `${summary.token.fleiss.documents} documents every annotator counts for`),
    card('Observed agreement', summary.token.observedAgreement, 'share of agreeing value pairs'),
    card('Span F1, exact', summary.span.exact.f1, `${summary.span.exact.matched} matched of ${summary.span.exact.spans} spans`),
    card('Span F1, overlap', summary.span.overlap.f1, `${summary.span.overlap.matched} matched of ${summary.span.overlap.spans} spans`),
    `</div>`,
  );
  parts.push(`<h2>Per label</h2>`, barChartSvg(labelChart(summary)), labelTable(summary));
  parts.push(`<h2>Annotator pairs</h2>`);
  for (const [title, figureOf] of pairMetrics(summary))
    parts.push(
      `<h3>${esc(title)}</h3>`,
      heatMapSvg(
        pairHeatMap(
          summary.annotators.map((a) => a.name),
          figureOf,
        ),
        title,
      ),
    );
  parts.push(pairTable(summary));
  parts.push(`<h2>Label confusion (pooled over pairs)</h2>`, confusionTable(summary));
  if (summary.span.attributes.length > 0) parts.push(`<h2>Attributes (on overlap-matched spans)</h2>`, attributeTable(summary));
  parts.push(
    `<h2>Annotators</h2>`,
    table(
      ['annotator', 'documents counted', 'spans counted', 'unfinished with spans (not counted)', 'skipped'],
      summary.annotatorCounts.map((entry) => [
        esc(name(entry.annotatorId)),
        num(entry.documentsCounted),
        num(entry.spansCounted),
        num(entry.unfinishedWithSpans),
        num(entry.skipped),
      ]),
    ),
  );
  parts.push(`<h2>Documents by disagreement</h2>`, documentTable(summary.perDocument.slice(0, HTML_DOCUMENT_ROWS), name));
  if (summary.perDocument.length > HTML_DOCUMENT_ROWS) {
    parts.push(`<p class="muted">The first ${HTML_DOCUMENT_ROWS} of ${summary.perDocument.length} documents; agreement-documents.csv lists them all.</p>`);
  }
  parts.push(
    `<p class="muted">docs/agreement.md in Annotation Workbench defines every figure. An undefined figure has no value: its reason is given instead.</p>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agreement report: ${esc(input.projectName)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

function card(title: string, figure: Figure, detail: string): string {
  const value =
    'value' in figure
      ? `<strong>${figure.value.toFixed(3)}</strong><small>${esc(detail)}</small>`
      : `<strong class="undefined">undefined</strong><small>${esc(figure.reason)}</small>`;
  return `<div class="card">${esc(title)}${value}</div>`;
}

const num = (value: number) => `<td class="num">${value.toLocaleString('en-US')}</td>`;
const fig = (figure: Figure) =>
  'value' in figure
    ? `<td class="num">${figure.value.toFixed(3)}</td>`
    : `<td class="undefined" title="${esc(figure.reason)}">undefined: ${esc(figure.reason)}</td>`;

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((cell) => `<th scope="col">${esc(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => (cell.startsWith('<td') ? cell : `<td>${cell}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The per-label chart's data, shared with the dashboard. */
export function labelChart(summary: AgreementSummary): BarChart {
  return labelBarChart(
    summary.labels.map((label, index) => ({
      label,
      figures: {
        presence: summary.token.labels[index]!.presenceAlpha,
        exact: summary.span.exact.labels[index]!.f1,
        overlap: summary.span.overlap.labels[index]!.f1,
      },
    })),
  );
}

/** The heat maps of pair figures: Cohen's kappa, exact F1, overlap F1 (symmetric; row and column are the annotators). */
export function pairMetrics(summary: AgreementSummary): [string, (i: number, j: number) => Figure | null][] {
  const ids = summary.annotators.map((annotator) => annotator.id);
  const pairOf = <T extends { a: string; b: string }>(pairs: T[], i: number, j: number) =>
    pairs.find((pair) => (pair.a === ids[i] && pair.b === ids[j]) || (pair.a === ids[j] && pair.b === ids[i])) ?? null;
  return [
    ["Cohen's κ (tokens)", (i, j) => pairOf(summary.token.pairs, i, j)?.kappa ?? null],
    ['Span F1, exact', (i, j) => pairOf(summary.span.pairs, i, j)?.exact.f1 ?? null],
    ['Span F1, overlap', (i, j) => pairOf(summary.span.pairs, i, j)?.overlap.f1 ?? null],
  ];
}

function barChartSvg(chart: BarChart): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-labelledby="label-chart-title">`,
    `<title id="label-chart-title">Agreement per label: token presence alpha, exact and overlap span F1</title>`,
  ];
  for (const tick of chart.axis.ticks) {
    out.push(
      `<line x1="${tick.x}" x2="${tick.x}" y1="${chart.axis.top}" y2="${chart.axis.bottom}" stroke="${tick.value === 0 ? '#868e96' : '#e9ecef'}"/>`,
      `<text x="${tick.x}" y="${chart.axis.top - 4}" text-anchor="middle">${tick.value}</text>`,
    );
  }
  for (const group of chart.groups) {
    out.push(`<text x="${chart.axis.ticks[0]!.x - 10}" y="${group.y + group.height / 2 + 4}" text-anchor="end">${esc(group.label)}</text>`);
    for (const bar of group.bars) {
      out.push(
        `<g><title>${esc(`${group.label}, ${bar.seriesName}: ${'value' in bar.figure ? bar.text : `undefined (${bar.figure.reason})`}`)}</title>`,
        `<rect x="${bar.x}" y="${bar.y}" width="${Math.max(bar.width, 0.5)}" height="${bar.height}" fill="${'value' in bar.figure ? bar.color : 'none'}" stroke="${bar.color}"/>`,
        `<text x="${bar.textX}" y="${bar.y + bar.height - 3}">${bar.text}</text></g>`,
      );
    }
  }
  out.push('</svg>');
  const legend = `<p class="legend">${LABEL_SERIES.map((series) => `<span style="background:${series.color}"></span>${esc(series.name)}`).join('')}</p>`;
  return `${legend}${out.join('')}`;
}

function heatMapSvg(map: HeatMap, title: string): string {
  const id = `heat-${title.replace(/[^a-z]+/gi, '-').toLowerCase()}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${map.width}" height="${map.height}" viewBox="0 0 ${map.width} ${map.height}" role="img" aria-labelledby="${id}">`,
    `<title id="${id}">${esc(title)} for each pair of annotators</title>`,
  ];
  map.names.forEach((annotator, index) => {
    out.push(
      `<text x="${map.margin - 8}" y="${map.top + index * map.cell + map.cell / 2 + 4}" text-anchor="end">${esc(annotator)}</text>`,
      `<text x="${map.margin + index * map.cell + map.cell / 2}" y="${map.top - 10}" text-anchor="middle">${esc(annotator)}</text>`,
    );
  });
  for (const cell of map.cells) {
    const what = `${map.names[cell.row]} and ${map.names[cell.column]}: ${'value' in cell.figure ? cell.text : `undefined (${cell.figure.reason})`}`;
    out.push(
      `<g><title>${esc(what)}</title><rect x="${cell.x}" y="${cell.y}" width="${cell.size}" height="${cell.size}" fill="${cell.fill}"/>`,
      `<text x="${cell.x + cell.size / 2}" y="${cell.y + cell.size / 2 + 4}" text-anchor="middle" style="fill:${cell.textColor}">${cell.text}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

function labelTable(summary: AgreementSummary): string {
  return table(
    ['label', 'presence α', 'exact F1', 'overlap F1', 'spans'],
    summary.labels.map((label, index) => [
      `<td><strong>${esc(label)}</strong></td>`,
      fig(summary.token.labels[index]!.presenceAlpha),
      fig(summary.span.exact.labels[index]!.f1),
      fig(summary.span.overlap.labels[index]!.f1),
      num(summary.span.exact.labels[index]!.spans),
    ]),
  );
}

function pairTable(summary: AgreementSummary): string {
  const name = nameOf(summary);
  return table(
    ['pair (a as reference)', 'documents', "Cohen's κ", 'observed', 'exact P', 'exact R', 'exact F1', 'overlap P', 'overlap R', 'overlap F1'],
    summary.span.pairs.map((pair, index) => {
      const token = summary.token.pairs[index]!;
      return [
        esc(`${name(pair.a)} – ${name(pair.b)}`),
        num(pair.documents),
        fig(token.kappa),
        fig(token.observedAgreement),
        fig(pair.exact.precision),
        fig(pair.exact.recall),
        fig(pair.exact.f1),
        fig(pair.overlap.precision),
        fig(pair.overlap.recall),
        fig(pair.overlap.f1),
      ];
    }),
  );
}

function confusionTable(summary: AgreementSummary): string {
  const names = [...summary.labels, 'none'];
  const max = Math.max(1, ...summary.span.confusion.flat());
  return table(
    ['', ...names],
    summary.span.confusion.map((cells, row) => [
      `<td><strong>${esc(names[row]!)}</strong></td>`,
      ...cells.map((count) => `<td class="num" style="background:${heatColour(count / max)};color:${count / max > 0.55 ? '#fff' : '#1f2328'}">${count}</td>`),
    ]),
  );
}

function attributeTable(summary: AgreementSummary): string {
  return table(
    ['label', 'attribute', 'compared', 'agreed', 'agreement'],
    summary.span.attributes.map((entry) => [esc(entry.label), esc(entry.attribute), num(entry.compared), num(entry.agreed), fig(entry.agreement)]),
  );
}

function documentTable(rows: DocumentRow[], name: (id: string) => string): string {
  return table(
    ['document', 'annotators', 'spans without exact partner', 'attribute disagreements', 'disagreeing tokens', 'α', 'exact F1'],
    rows.map((row) => [
      `<td dir="auto">${esc(row.title)}</td>`,
      esc(
        row.annotators
          .filter((annotator) => annotator.counted)
          .map((annotator) => name(annotator.annotatorId))
          .join(', '),
      ),
      num(row.span.exactUnmatched),
      num(row.span.attributeDisagreements),
      num(row.token.disagreeingTokens),
      fig(row.token.alpha),
      fig(row.span.exactF1),
    ]),
  );
}

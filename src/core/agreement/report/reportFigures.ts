import type { AgreementSummary, Figure } from '../../../shared/contract/methods/agreement';

/** One figure of a summary as a row: what, for whom, its value or why it has none, and over how much. */
export type FigureRow = {
  level: 'token' | 'span' | 'attribute';
  metric: string;
  a: string;
  b: string;
  label: string;
  attribute: string;
  figure: Figure;
  /** What the figure is computed over (documents), when it has a count of its own. */
  documents: number | null;
  /** Its n: tokens, pairable values, spans or compared pairs. */
  n: number | null;
};

/**
 * Every figure of a summary, one row each, in a fixed order (overall, then per pair, then per
 * label): what the figures CSV lists, and the one place that names them for the report.
 */
export function figureRows(summary: AgreementSummary): FigureRow[] {
  const name = (id: string) => summary.annotators.find((annotator) => annotator.id === id)?.name ?? id;
  const rows: FigureRow[] = [];
  const row = (fields: Partial<FigureRow> & Pick<FigureRow, 'level' | 'metric' | 'figure'>) =>
    rows.push({ a: '', b: '', label: '', attribute: '', documents: null, n: null, ...fields });
  const { token, span, documents } = summary;
  row({ level: 'token', metric: "Krippendorff's alpha", figure: token.alpha, documents: documents.compared, n: token.pairableValues });
  row({ level: 'token', metric: 'observed agreement', figure: token.observedAgreement, documents: documents.compared, n: token.pairableValues });
  row({ level: 'token', metric: 'expected agreement', figure: token.expectedAgreement, documents: documents.compared, n: token.pairableValues });
  row({ level: 'token', metric: "Fleiss' kappa", figure: token.fleiss.kappa, documents: token.fleiss.documents, n: token.fleiss.tokens });
  row({
    level: 'token',
    metric: "Fleiss' observed agreement",
    figure: token.fleiss.observedAgreement,
    documents: token.fleiss.documents,
    n: token.fleiss.tokens,
  });
  for (const pair of token.pairs) {
    const who = { a: name(pair.a), b: name(pair.b), documents: pair.documents, n: pair.tokens };
    row({ level: 'token', metric: "Cohen's kappa", figure: pair.kappa, ...who });
    row({ level: 'token', metric: 'observed agreement', figure: pair.observedAgreement, ...who });
    row({ level: 'token', metric: 'expected agreement', figure: pair.expectedAgreement, ...who });
  }
  for (const label of token.labels) {
    row({ level: 'token', metric: 'presence alpha', label: label.label, figure: label.presenceAlpha, documents: documents.compared, n: label.pairableValues });
  }
  for (const [kind, pooled] of [
    ['exact', span.exact],
    ['overlap', span.overlap],
  ] as const) {
    row({ level: 'span', metric: `F1, ${kind} match`, figure: pooled.f1, documents: documents.compared, n: pooled.spans });
    for (const label of pooled.labels)
      row({ level: 'span', metric: `F1, ${kind} match`, label: label.label, figure: label.f1, documents: documents.compared, n: label.spans });
  }
  for (const pair of span.pairs) {
    for (const kind of ['exact', 'overlap'] as const) {
      const figures = pair[kind];
      const who = { a: name(pair.a), b: name(pair.b), documents: pair.documents };
      const spans = (entry: { aSpans: number; bSpans: number }) => entry.aSpans + entry.bSpans;
      row({ level: 'span', metric: `precision, ${kind} match`, figure: figures.precision, ...who, n: figures.bSpans });
      row({ level: 'span', metric: `recall, ${kind} match`, figure: figures.recall, ...who, n: figures.aSpans });
      row({ level: 'span', metric: `F1, ${kind} match`, figure: figures.f1, ...who, n: spans(figures) });
      for (const label of figures.labels) row({ level: 'span', metric: `F1, ${kind} match`, label: label.label, figure: label.f1, ...who, n: spans(label) });
    }
  }
  for (const attribute of span.attributes) {
    row({
      level: 'attribute',
      metric: 'agreement',
      label: attribute.label,
      attribute: attribute.attribute,
      figure: attribute.agreement,
      n: attribute.compared,
    });
  }
  for (const pair of span.pairs) {
    for (const attribute of pair.attributes) {
      const who = {
        a: name(pair.a),
        b: name(pair.b),
        label: attribute.label,
        attribute: attribute.attribute,
        documents: pair.documents,
        n: attribute.compared,
      };
      row({ level: 'attribute', metric: 'agreement', figure: attribute.agreement, ...who });
      row({ level: 'attribute', metric: "Cohen's kappa", figure: attribute.kappa, ...who });
    }
  }
  return rows;
}

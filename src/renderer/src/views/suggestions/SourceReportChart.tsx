import type { SourceReport } from '../../../../shared/contract/methods/suggestions';

/** The answers a report row splits into, in drawing order, with their colours (also in the legend). */
const PARTS = [
  { key: 'accepted', text: 'accepted', color: '#2f7d32' },
  { key: 'edited', text: 'accepted, then edited', color: '#8bc34a' },
  { key: 'deleted', text: 'accepted, then deleted', color: '#f0a030' },
  { key: 'rejected', text: 'rejected', color: '#c62828' },
  { key: 'open', text: 'not answered yet', color: '#c9ccd1' },
] as const;

type Part = (typeof PARTS)[number]['key'];

function partsOf(row: SourceReport): Record<Part, number> {
  const answered = row.accepted + row.edited + row.deleted + row.rejected;
  return { accepted: row.accepted, edited: row.edited, deleted: row.deleted, rejected: row.rejected, open: Math.max(0, row.offered - answered) };
}

/** A readable name of a source. */
export function sourceLabel(source: string): string {
  if (source === 'propagation') return 'Propagation';
  if (source === 'casualty-rule') return 'Casualty rule';
  return source.replace(/^gazetteer:/, 'Gazetteer: ');
}

const ROW = 34;
const NAME_WIDTH = 190;
const BAR_WIDTH = 420;

/**
 * One horizontal bar per source, split into accepted, edited, deleted, rejected and unanswered
 * suggestions, each bar as long as the source's largest total allows; the precision (accepted
 * share of answered) is written beside it. Inline SVG, with a table of the same figures for
 * screen readers and for reading exact numbers.
 */
export function SourceReportChart({ rows }: { rows: SourceReport[] }) {
  if (rows.length === 0) return <p className="awb-muted">No suggestions yet: import a gazetteer or run suggestions, then answer some in the editor.</p>;
  const totals = rows.map((row) => Object.values(partsOf(row)).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const height = rows.length * ROW + 8;
  return (
    <figure className="awb-report">
      <svg
        width={NAME_WIDTH + BAR_WIDTH + 130}
        height={height}
        role="img"
        aria-label="Suggestions per source: accepted, edited, deleted, rejected, unanswered"
        data-testid="report-chart"
      >
        {rows.map((row, index) => {
          const parts = partsOf(row);
          const y = index * ROW + 4;
          let x = NAME_WIDTH;
          const answered = row.accepted + row.edited + row.deleted + row.rejected;
          const kept = row.accepted + row.edited;
          return (
            <g key={row.source}>
              <text x={NAME_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="awb-report-name">
                {sourceLabel(row.source)}
              </text>
              {PARTS.map((part) => {
                const width = (parts[part.key] / max) * BAR_WIDTH;
                const rect =
                  width > 0 ? (
                    <rect key={part.key} x={x} y={y + 4} width={width} height={ROW - 12} fill={part.color} data-part={part.key}>
                      <title>{`${sourceLabel(row.source)}: ${parts[part.key]} ${part.text}`}</title>
                    </rect>
                  ) : null;
                x += width;
                return rect;
              })}
              <text x={x + 6} y={y + ROW / 2} dominantBaseline="middle" className="awb-report-figure">
                {answered === 0 ? `${row.offered} offered` : `${Math.round((kept / answered) * 100)}% kept of ${answered}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="awb-report-legend">
        {PARTS.map((part) => (
          <span key={part.key}>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" fill={part.color} />
            </svg>{' '}
            {part.text}
          </span>
        ))}
      </figcaption>
      <table className="awb-report-table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Offered</th>
            <th scope="col">Accepted</th>
            <th scope="col">Edited</th>
            <th scope="col">Deleted</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.source} data-source={row.source}>
              <th scope="row">{sourceLabel(row.source)}</th>
              <td>{row.offered}</td>
              <td>{row.accepted}</td>
              <td>{row.edited}</td>
              <td>{row.deleted}</td>
              <td>{row.rejected}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

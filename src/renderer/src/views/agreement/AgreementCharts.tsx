import type { KeyboardEvent } from 'react';
import { LABEL_SERIES, labelBarChart, pairHeatMap, type LabelSeriesKey } from '../../../../shared/agreement/charts';
import type { AgreementSummary, Figure } from '../../../../shared/contract/methods/agreement';

/** Enter or Space on a focusable SVG element acts like a click (SVG has no button element). */
function activateOnKey(action: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  };
}

const describe = (figure: Figure) => ('value' in figure ? figure.value.toFixed(3) : `undefined (${figure.reason})`);

/** Per-label grouped bars (presence α, exact F1, overlap F1); every bar opens the documents behind it. */
export function LabelBars({ summary, onPick }: { summary: AgreementSummary; onPick: (label: string, series: LabelSeriesKey) => void }) {
  const chart = labelBarChart(
    summary.labels.map((label, index) => ({
      label,
      figures: {
        presence: summary.token.labels[index]!.presenceAlpha,
        exact: summary.span.exact.labels[index]!.f1,
        overlap: summary.span.overlap.labels[index]!.f1,
      },
    })),
  );
  return (
    <figure className="awb-chart">
      <figcaption className="awb-legend">
        {LABEL_SERIES.map((series) => (
          <span key={series.key}>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" fill={series.color} />
            </svg>
            {series.name}
          </span>
        ))}
      </figcaption>
      <svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`} role="group" aria-label="Agreement per label">
        {chart.axis.ticks.map((tick) => (
          <g key={tick.value} aria-hidden="true">
            <line x1={tick.x} x2={tick.x} y1={chart.axis.top} y2={chart.axis.bottom} stroke={tick.value === 0 ? '#868e96' : '#e9ecef'} />
            <text x={tick.x} y={chart.axis.top - 4} textAnchor="middle">
              {tick.value}
            </text>
          </g>
        ))}
        {chart.groups.map((group) => (
          <g key={group.label}>
            <text x={(chart.axis.ticks[0]?.x ?? 0) - 10} y={group.y + group.height / 2 + 4} textAnchor="end" aria-hidden="true">
              {group.label}
            </text>
            {group.bars.map((bar) => {
              const label = `${group.label}, ${bar.seriesName}: ${describe(bar.figure)}. Show the documents behind it.`;
              return (
                <g
                  key={bar.series}
                  className="awb-chart-target"
                  role="button"
                  tabIndex={0}
                  aria-label={label}
                  data-testid={`bar-${group.label}-${bar.series}`}
                  onClick={() => onPick(group.label, bar.series)}
                  onKeyDown={activateOnKey(() => onPick(group.label, bar.series))}
                >
                  <title>{label}</title>
                  <rect
                    x={chart.axis.ticks[0]?.x ?? 0}
                    y={bar.y - 1}
                    width={chart.width - (chart.axis.ticks[0]?.x ?? 0)}
                    height={bar.height + 2}
                    fill="transparent"
                  />
                  <rect
                    x={bar.x}
                    y={bar.y}
                    width={Math.max(bar.width, 0.5)}
                    height={bar.height}
                    fill={'value' in bar.figure ? bar.color : 'none'}
                    stroke={bar.color}
                  />
                  <text x={bar.textX} y={bar.y + bar.height - 3}>
                    {bar.text}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** The pair metrics a heat map can show. */
export const PAIR_METRICS = [
  { key: 'tokens', name: "Cohen's κ (tokens)" },
  { key: 'exact', name: 'Span F1, exact' },
  { key: 'overlap', name: 'Span F1, overlap' },
] as const;
export type PairMetric = (typeof PAIR_METRICS)[number]['key'];

/** Annotator-by-annotator heat map of one pair metric; every cell opens the documents behind that pair's figure. */
export function PairHeatMap({ summary, metric, onPick }: { summary: AgreementSummary; metric: PairMetric; onPick: (a: string, b: string) => void }) {
  const ids = summary.annotators.map((annotator) => annotator.id);
  const names = summary.annotators.map((annotator) => annotator.name);
  const find = <T extends { a: string; b: string }>(pairs: T[], i: number, j: number) =>
    pairs.find((pair) => (pair.a === ids[i] && pair.b === ids[j]) || (pair.a === ids[j] && pair.b === ids[i])) ?? null;
  const map = pairHeatMap(names, (i, j) => {
    if (metric === 'tokens') return find(summary.token.pairs, i, j)?.kappa ?? null;
    const pair = find(summary.span.pairs, i, j);
    return pair ? pair[metric].f1 : null;
  });
  const title = PAIR_METRICS.find((entry) => entry.key === metric)?.name ?? metric;
  return (
    <svg width={map.width} height={map.height} viewBox={`0 0 ${map.width} ${map.height}`} role="group" aria-label={`${title} for each pair of annotators`}>
      {names.map((name, index) => (
        <g key={ids[index]} aria-hidden="true">
          <text x={map.margin - 8} y={map.top + index * map.cell + map.cell / 2 + 4} textAnchor="end">
            {name}
          </text>
          <text x={map.margin + index * map.cell + map.cell / 2} y={map.top - 10} textAnchor="middle">
            {name}
          </text>
        </g>
      ))}
      {map.cells.map((cell) => {
        const a = ids[cell.row]!;
        const b = ids[cell.column]!;
        const label = `${names[cell.row]} and ${names[cell.column]}, ${title}: ${describe(cell.figure)}. Show the documents behind it.`;
        return (
          <g
            key={`${cell.row}-${cell.column}`}
            className="awb-chart-target"
            role="button"
            tabIndex={0}
            aria-label={label}
            data-testid={`heat-${names[cell.row]}-${names[cell.column]}`}
            onClick={() => onPick(a, b)}
            onKeyDown={activateOnKey(() => onPick(a, b))}
          >
            <title>{label}</title>
            <rect x={cell.x} y={cell.y} width={cell.size} height={cell.size} fill={cell.fill} />
            <text x={cell.x + cell.size / 2} y={cell.y + cell.size / 2 + 4} textAnchor="middle" fill={cell.textColor}>
              {cell.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

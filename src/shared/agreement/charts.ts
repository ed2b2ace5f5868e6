import type { Figure } from '../contract/methods/agreement';

/**
 * Geometry and colours of the agreement charts, computed once here and drawn twice: as React SVG
 * in the dashboard and as SVG text in the HTML report, so the two always show the same picture.
 * Every number is in SVG user units.
 */

/** A figure as people read it: three decimals, or "undefined". */
export function figureText(figure: Figure): string {
  return 'value' in figure ? figure.value.toFixed(3) : 'undefined';
}

/** The value of a figure, or null when undefined. */
export function figureValue(figure: Figure): number | null {
  return 'value' in figure ? figure.value : null;
}

/** The series the per-label chart draws, in order, with their colours (distinct in greyscale too). */
export const LABEL_SERIES = [
  { key: 'presence', name: 'Token presence α', color: '#4c6ef5' },
  { key: 'exact', name: 'Span F1, exact', color: '#0b7285' },
  { key: 'overlap', name: 'Span F1, overlap', color: '#82c91e' },
] as const;
export type LabelSeriesKey = (typeof LABEL_SERIES)[number]['key'];

export type Bar = {
  series: LabelSeriesKey;
  seriesName: string;
  color: string;
  figure: Figure;
  /** Drawn bar (zero width when undefined). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the value text goes. */
  textX: number;
  text: string;
};

export type BarGroup = { label: string; y: number; height: number; bars: Bar[] };

export type BarChart = {
  width: number;
  height: number;
  /** The value axis: where 0 and 1 sit, and the ticks. */
  axis: { min: number; zeroX: number; ticks: { value: number; x: number }[]; top: number; bottom: number };
  groups: BarGroup[];
};

const LABEL_COLUMN = 150;
const PLOT = 380;
const VALUE_COLUMN = 70;
const BAR = 14;
const BAR_GAP = 3;
const GROUP_GAP = 14;
const TOP = 24;

/** Horizontal grouped bars: one group per label, one bar per series, from 0 (or the lowest value, when negative) to 1. */
export function labelBarChart(labels: { label: string; figures: Record<LabelSeriesKey, Figure> }[]): BarChart {
  const values = labels
    .flatMap((entry) => LABEL_SERIES.map((series) => figureValue(entry.figures[series.key])))
    .filter((value): value is number => value !== null);
  const min = Math.min(0, Math.floor(Math.min(0, ...values) * 10) / 10);
  const xOf = (value: number) => LABEL_COLUMN + ((value - min) / (1 - min)) * PLOT;
  const zeroX = xOf(0);
  let y = TOP;
  const groups = labels.map((entry) => {
    const top = y;
    const bars = LABEL_SERIES.map((series, index) => {
      const figure = entry.figures[series.key];
      const value = figureValue(figure);
      const barY = top + index * (BAR + BAR_GAP);
      const end = value === null ? zeroX : xOf(value);
      return {
        series: series.key,
        seriesName: series.name,
        color: series.color,
        figure,
        x: Math.min(zeroX, end),
        y: barY,
        width: Math.abs(end - zeroX),
        height: BAR,
        textX: Math.max(zeroX, end) + 6,
        text: figureText(figure),
      };
    });
    const height = LABEL_SERIES.length * (BAR + BAR_GAP) - BAR_GAP;
    y += height + GROUP_GAP;
    return { label: entry.label, y: top, height, bars };
  });
  const ticks = [min, ...[0, 0.25, 0.5, 0.75, 1].filter((value) => value > min)].map((value) => ({ value, x: xOf(value) }));
  return { width: LABEL_COLUMN + PLOT + VALUE_COLUMN, height: y + 10, axis: { min, zeroX, ticks, top: TOP - 6, bottom: y - GROUP_GAP + 6 }, groups };
}

export type HeatCell = { row: number; column: number; x: number; y: number; size: number; figure: Figure; fill: string; textColor: string; text: string };

/** `margin` is the room left of the grid for the row names, `top` the room above it for the column names. */
export type HeatMap = { width: number; height: number; cell: number; margin: number; top: number; names: string[]; cells: HeatCell[] };

const CELL = 64;
const MARGIN = 110;
const HEAT_TOP = 28;

/**
 * An annotator-by-annotator grid: the cell of (row i, column j) is the pair's figure (symmetric:
 * both triangles are drawn, the diagonal is left empty). Undefined figures are grey with "n/a".
 */
export function pairHeatMap(names: string[], figureOf: (i: number, j: number) => Figure | null): HeatMap {
  const cells: HeatCell[] = [];
  names.forEach((_, row) =>
    names.forEach((__, column) => {
      if (row === column) return;
      const figure = figureOf(row, column);
      if (!figure) return;
      const value = figureValue(figure);
      const fill = value === null ? '#e9ecef' : heatColour(value);
      cells.push({
        row,
        column,
        x: MARGIN + column * CELL,
        y: HEAT_TOP + row * CELL,
        size: CELL - 2,
        figure,
        fill,
        textColor: value !== null && value > 0.55 ? '#ffffff' : '#1f2328',
        text: value === null ? 'n/a' : value.toFixed(2),
      });
    }),
  );
  return { width: MARGIN + names.length * CELL + 8, height: HEAT_TOP + names.length * CELL + 8, cell: CELL, margin: MARGIN, top: HEAT_TOP, names, cells };
}

/**
 * A sequential colour for a value in [-1, 1]: pale at 0 and below, deep blue at 1 (values below 0
 * take a pale red, so disagreement worse than chance stands out). Text on it stays readable.
 */
export function heatColour(value: number): string {
  if (value < 0) return mix('#ffe3e3', '#ffa8a8', Math.min(1, -value));
  const light = [0xe7, 0xf5, 0xff];
  const dark = [0x0b, 0x3d, 0x91];
  const t = Math.max(0, Math.min(1, value));
  return `#${light
    .map((channel, i) =>
      Math.round(channel + (dark[i]! - channel) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function mix(from: string, to: string, t: number): string {
  const parse = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const a = parse(from);
  const b = parse(to);
  return `#${a
    .map((channel, i) =>
      Math.round(channel + (b[i]! - channel) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

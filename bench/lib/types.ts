/** One measured figure, with the baseline measured in the same run when there is one. */
export type BenchResult = {
  suite: string;
  name: string;
  unit: string;
  /** Median (or the single figure, for throughput and memory). */
  value: number;
  p95?: number;
  baseline?: { name: string; value: number; p95?: number };
  /** value / baseline.value; for throughput, baseline.value / value, so above 1 always means slower. */
  ratio?: number;
  /** A target the issue sets, in the same unit, when there is one. */
  target?: string;
  note?: string;
};

/** A benchmark module under bench/: `export default { name, run }`. */
export type Benchmark = { name: string; run: () => Promise<BenchResult[]> };

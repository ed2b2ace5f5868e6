import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped, which the list reporter leaves out. */
export default class SkipReasonsReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`  skipped: ${test.titlePath().filter(Boolean).join(' › ')}\n    reason: ${reason}`);
  }

  onEnd(_result: FullResult): void {
    if (this.skipped.length > 0) process.stdout.write(`\n${this.skipped.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

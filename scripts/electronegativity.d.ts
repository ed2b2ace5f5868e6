/** One electronegativity finding, as the gate reports it. */
export type EngIssue = { id: string; file: string; line: number; severity: string; description: string };

/** What one scan found; the gate passes only when every list is empty. */
export type EngReport = {
  scannedFiles: string[];
  issues: EngIssue[];
  parseErrors: { file: string; message: string; tolerable: boolean }[];
  unscannedFiles: string[];
  suppressionProblems: string[];
};

export declare const EXCLUDED_CHECKS: string[];
export declare function installedElectronVersion(): string;
export declare function findSuppressionProblems(files: string[], knownCheckIds: string[]): string[];
export declare function scanForElectronIssues(options: { input: string; electronVersion?: string }): Promise<EngReport>;
export declare function gatePasses(report: EngReport): boolean;
export declare function describeReport(report: EngReport): string[];

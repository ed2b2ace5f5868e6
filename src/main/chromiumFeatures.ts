/**
 * Chromium features the desktop host turns off. `DeferRendererTasksAfterInput` holds back the page's
 * other tasks (answers from the host among them) until the frame after a key press has been produced, so the
 * core's answer to a label key (however fast it comes) is handled only after that frame, and a
 * saved span appears a frame late. The editor's work per key is a few milliseconds, so nothing
 * is gained by the deferral here. The benchmark runs Chromium with the same list to measure the
 * desktop host's setting (bench/editor.bench.ts). No Electron import: the benchmark loads this.
 */
export const DISABLED_CHROMIUM_FEATURES = ['DeferRendererTasksAfterInput'] as const;

/** The `--disable-features` value: ours added to any the user passed, none repeated. */
export function disabledFeaturesSwitch(existing: string): string {
  const names = existing
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set([...names, ...DISABLED_CHROMIUM_FEATURES])].join(',');
}

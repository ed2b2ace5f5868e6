/**
 * Runs a function just after the browser has painted the next frame. The editor draws a new
 * span at once and defers the React updates that follow it (counts, side panel, save indicator)
 * to here, so the span appears in the first frame after its save instead of waiting for them.
 */
export function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
}

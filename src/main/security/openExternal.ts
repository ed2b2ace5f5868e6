/** Schemes the app may hand to the operating system: web pages only, never files or handlers. */
const SAFE_EXTERNAL_PROTOCOLS = new Set(['https:']);

/** Whether a URL may be opened in the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return SAFE_EXTERNAL_PROTOCOLS.has(parsed.protocol) && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The one way the app opens external links; everything else is refused. */
export async function openExternalSafely(open: (url: string) => Promise<void>, url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  await open(url);
  return true;
}

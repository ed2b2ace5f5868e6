/** The text to show for anything a call threw: the error's message (an ApiError's is the host's), else its string form. */
export function errorMessage(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}

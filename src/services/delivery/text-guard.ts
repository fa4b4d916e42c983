/**
 * The text that will be delivered, or null when there is nothing worth delivering. A blank or
 * whitespace-only result (what a model may produce on silence) is never pasted. Surrounding
 * whitespace is dropped (Whisper starts segments with a space); line breaks inside are kept.
 */
export function prepareText(text: string, trailingSpace: boolean): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return trailingSpace ? `${trimmed} ` : trimmed;
}

/**
 * Text the text rules already fitted to the field (its leading space, its trailing space): delivered
 * as it is, unless it holds nothing at all. A line break alone ("new line") is something.
 */
export function prepareExactText(text: string): string | null {
  return /[^ \t]/.test(text) ? text : null;
}

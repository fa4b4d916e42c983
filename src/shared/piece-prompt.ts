/**
 * What whisper reads before each piece of a dictation that is transcribed in pieces (commit as you
 * go): the words to expect, then the end of the text committed so far, so names and style carry on.
 */

const SENTENCE_END = /[.!?…]["')\]]*$/;

/** The end of the text committed so far that goes into the next piece's prompt (whole words). */
export function promptTail(committed: string, maxChars = 200): string {
  const text = committed.trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(text.length - maxChars);
  const space = cut.indexOf(' ');
  return space >= 0 ? cut.slice(space + 1) : cut;
}

/** The words to expect, then the end of what was committed: what whisper reads before a piece. */
export function piecePrompt(basePrompt: string, committed: string, withCommitted: boolean): string {
  const tail = withCommitted ? promptTail(committed) : '';
  const base = basePrompt.trim();
  if (!tail) return base;
  if (!base) return tail;
  return `${SENTENCE_END.test(base) ? base : `${base}.`} ${tail}`;
}

/**
 * What is left between two words once the fillers between them are gone: "So, um, I think" keeps one
 * comma ("So, I think"); "It works, um." keeps the period; quotes and line breaks are never lost.
 */

const STRENGTH: Readonly<Record<string, number>> = { ',': 1, ';': 2, ':': 2, '.': 3, '?': 3, '!': 3 };

function marksOf(gap: string): string {
  return gap.replace(/\.{2,}|…/g, '').replace(/[\s,.;:!?\-–—]/g, '');
}

/** The strongest punctuation mark in the gaps ("." beats ";" beats ","); ellipses and dashes don't count. */
function strongestPunctuation(gaps: readonly string[]): string {
  let best = '';
  for (const ch of gaps.join('').replace(/\.{2,}|…/g, '')) {
    if ((STRENGTH[ch] ?? 0) > (STRENGTH[best] ?? 0)) best = ch;
  }
  return best;
}

const OPENS_TEXT = /(?:^|\n|["“‘([¿¡])[ \t]*$/;

export interface FillerSpan {
  /** The text before the first filler and after the last, and between the fillers. */
  before: string;
  inner: readonly string[];
  after: string;
  hasWordBefore: boolean;
  hasWordAfter: boolean;
}

/** Whether the word after the fillers starts something (the text, a line, a quote): it takes their capital. */
export function startsAfterFillers(span: FillerSpan): boolean {
  return !span.hasWordBefore || OPENS_TEXT.test(span.before);
}

export function gapWithoutFillers(span: FillerSpan): string {
  const { before, inner, after, hasWordBefore, hasWordAfter } = span;
  if (!hasWordBefore && !hasWordAfter) return '';
  if (startsAfterFillers(span)) return hasWordAfter ? before : before.replace(/\s+$/, '');
  const punctuation = strongestPunctuation([before, ...inner, after]);
  if (!hasWordAfter) {
    return marksOf(before) + ((STRENGTH[punctuation] ?? 0) >= 2 ? punctuation : '') + marksOf(after);
  }
  const breaks = (before + inner.join('') + after).match(/\n+/)?.[0];
  return marksOf(before) + punctuation + (breaks ?? ' ') + marksOf(after);
}

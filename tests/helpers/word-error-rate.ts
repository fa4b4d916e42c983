/** Words of a text for scoring: lower case, punctuation dropped. */
export function scoringWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Word-level edit distance (substitutions, insertions, deletions) between a reference and a hypothesis. */
export function wordEdits(reference: string, hypothesis: string): { edits: number; words: number } {
  const ref = scoringWords(reference);
  const hyp = scoringWords(hypothesis);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return { edits: previous[hyp.length] ?? 0, words: ref.length };
}

/** Word error rate in percent over several (reference, hypothesis) pairs. */
export function wordErrorRate(pairs: readonly { reference: string; hypothesis: string }[]): number {
  let edits = 0;
  let words = 0;
  for (const pair of pairs) {
    const scored = wordEdits(pair.reference, pair.hypothesis);
    edits += scored.edits;
    words += scored.words;
  }
  return words === 0 ? 0 : (100 * edits) / words;
}

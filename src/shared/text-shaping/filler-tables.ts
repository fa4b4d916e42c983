/**
 * Filler words, one pattern per language, matched against a whole word in any case. Per language
 * because a filler in one is a word in another: "um" is Portuguese for "a" (Handy #941), so a language
 * without a table keeps every word. Stretched spellings count ("ummm", "hmmm", "uhh").
 */
const FILLERS: Readonly<Record<string, RegExp>> = {
  // "err" (to err) and "eh" stay: both are words. "mhm" and "uh-huh" mean yes.
  en: /^(?:u+m+|u+h+m*|er|e+r+m+|h+m+|m{2,}|a+h+)$/iu,
  fr: /^(?:e+u+h+|h+e+u+|h+u+m+|h+m+|m{2,})$/iu,
  de: /^(?:ä+h+m*|ö+h+m*|h+m+|m{2,})$/iu,
};

export function fillerPatternFor(language: string): RegExp | null {
  return FILLERS[language] ?? null;
}

export const FILLER_LANGUAGES = Object.keys(FILLERS);

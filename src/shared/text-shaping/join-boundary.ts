import { caseFirstWord, type FirstWordCase, type ProtectedTerms } from './letter-case.js';

/** Where new text lands, judged from what comes right before it. */
export type Landing =
  /** Nothing is known about what is before it. */
  | 'unknown'
  /** An empty field, the start of a line, or after a sentence end: a capital. */
  | 'sentence'
  /** Right after an opening bracket or quote: no space, case as spoken. */
  | 'opening'
  /** Mid-sentence: a space, and whisper's capital taken off an everyday word. */
  | 'continuation';

const CASE_AT: Record<Landing, FirstWordCase> = {
  unknown: null,
  sentence: 'upper',
  opening: null,
  continuation: 'lower',
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function landingAfter(previous: string | null | undefined): Landing {
  if (previous === null || previous === undefined) return 'unknown';
  const text = previous.replace(/[ \t]+$/, '');
  if (text === '' || text.endsWith('\n')) return 'sentence';
  // A straight quote opens when a space (or nothing) is before it, and closes otherwise.
  if (/(?:^|\s)["']$|[([{“‘«¿¡]$/u.test(text)) return 'opening';
  if (/[.!?…][)\]"'”’»]*$/u.test(text)) return 'sentence';
  return 'continuation';
}

/** Marks that attach to the text before them. French puts a space before ; : ! ? (and keeps it). */
function attachesLeft(text: string, language: string): boolean {
  return (language === 'fr' ? /^[,.)\]}…%]/u : /^[,.;:!?)\]}…%]/u).test(text);
}

export interface BoundaryOptions {
  common: ReadonlySet<string>;
  terms?: ProtectedTerms;
  language?: string;
}

export interface Boundary {
  /** What goes between the previous text and the new text: "" or " ". */
  separator: string;
  /** The new text with its first word's case fitted to where it lands. */
  text: string;
  /** Spaces at the end of the previous text that should go ("word " + ", more"). */
  eraseBefore: number;
}

/** How new text joins what is before it: spacing, and the case of its first word. */
export function joinBoundary(
  previous: string | null | undefined,
  next: string,
  options: BoundaryOptions,
): Boundary {
  const landing = landingAfter(previous);
  const before = previous ?? '';
  const trailingSpaces = /[ \t]*$/.exec(before)![0].length;
  const endsInSpace = trailingSpaces > 0 || /\s$/.test(before);
  const terms = options.terms ?? [];
  if (landing === 'unknown' || next === '') return { separator: '', text: next, eraseBefore: 0 };
  if (attachesLeft(next, options.language ?? 'en')) {
    return { separator: '', text: next, eraseBefore: landing === 'continuation' ? trailingSpaces : 0 };
  }
  const noSpace =
    endsInSpace ||
    landing === 'opening' ||
    next.startsWith('\n') ||
    CJK.test(before.trimEnd().slice(-1)) ||
    CJK.test(next.charAt(0));
  const separator = before === '' || noSpace ? '' : ' ';
  return { separator, text: caseFirstWord(next, CASE_AT[landing], options.common, terms), eraseBefore: 0 };
}

import { joinBoundary, type BoundaryOptions } from './join-boundary.js';
import type { StepOutput } from './step-result.js';

export interface FieldContext {
  /**
   * The end of the text already in the field (the previous dictation delivered there), or null when
   * it is not known; "" for an empty field.
   */
  previous?: string | null;
  trailingSpace?: boolean;
}

export interface FieldFit extends StepOutput {
  eraseBefore: number;
}

/** Whitespace cleanup inside the text; indentation after a line break (snippets) is kept. */
export function tidySpaces(text: string, language: string): string {
  const beforeMark =
    language === 'fr' ? /(?<=\S)[ \t]+(?=[,.](?:\s|$))/g : /(?<=\S)[ \t]+(?=[,.;:!?](?:\s|$))/g;
  return text
    .replace(/^[ \t]+|[ \t]+$/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/(?<=\S)[ \t]{2,}/g, ' ')
    .replace(beforeMark, '');
}

/**
 * Fits the text to the field it goes into: no double spaces, a capital after a sentence end and a
 * lower-case continuation mid-sentence, no space before punctuation, and an optional space after.
 */
export function fitToField(text: string, context: FieldContext, options: BoundaryOptions): FieldFit {
  const tidy = tidySpaces(text, options.language ?? 'en');
  if (tidy === '') return { text: '', changes: [], eraseBefore: 0 };
  const boundary = joinBoundary(context.previous, tidy, options);
  let out = boundary.separator + boundary.text;
  if (context.trailingSpace && !/\s$/.test(out)) out += ' ';
  const firstWord = (s: string) => /\p{L}[\p{L}'’]*/u.exec(s)?.[0] ?? '';
  const changes =
    firstWord(boundary.text) !== firstWord(tidy)
      ? [{ from: firstWord(tidy), to: firstWord(boundary.text) }]
      : [];
  return { text: out, changes, eraseBefore: boundary.eraseBefore };
}

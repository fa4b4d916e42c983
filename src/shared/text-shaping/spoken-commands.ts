import type { CommandAction, CommandEntry } from './command-tables.js';
import { caseFirstWord, type FirstWordCase, type ProtectedTerms } from './letter-case.js';
import { phraseMatcher, type PhraseMatcher } from './phrase-matcher.js';
import type { StepOutput, TextChange } from './step-result.js';
import { tokenize, trimEndSpaces, withoutSoftPunctuation } from './tokens.js';

export interface CommandOptions {
  /** Words whose stray capital is taken off after a comma, colon or semicolon. */
  common: ReadonlySet<string>;
  terms?: ProtectedTerms;
}

const matchers = new WeakMap<readonly CommandEntry[], PhraseMatcher<CommandAction>>();

function matcherFor(table: readonly CommandEntry[]): PhraseMatcher<CommandAction> {
  let matcher = matchers.get(table);
  if (!matcher) {
    matcher = phraseMatcher(
      table.flatMap(({ phrases, action }) => phrases.map((phrase) => ({ phrase, value: action }))),
    );
    matchers.set(table, matcher);
  }
  return matcher;
}

/** Quotes, brackets and the like in a gap: whatever is not space or whisper's pause punctuation. */
function keptMarks(gap: string): string {
  return withoutSoftPunctuation(gap).replace(/\s+/g, '');
}

/** A gap after a mark: whisper's punctuation dropped, and at least one space before the next word. */
function spaceAfterMark(gap: string): string {
  const stripped = withoutSoftPunctuation(gap);
  return /\s/.test(stripped) ? stripped.replace(/[ \t]+/g, ' ') : ' ' + stripped;
}

/**
 * Turns spoken commands into what they say. Whisper writes its own punctuation and capitals around
 * them ("Hello, comma, world." / "Hello comma. World"): a command's words replace the punctuation
 * whisper put next to them, except where it belongs to the text around (the period that ended a
 * sentence before "new line", the period after "close quote").
 */
export function applySpokenCommands(
  text: string,
  table: readonly CommandEntry[],
  options: CommandOptions,
): StepOutput {
  const tokens = tokenize(text);
  const match = matcherFor(table);
  const terms = options.terms ?? [];
  const changes: TextChange[] = [];
  const startsUpper = /^\P{L}*\p{Lu}/u.test(text);
  let out = '';
  let gap = tokens.gaps[0]!;
  let nextCase: FirstWordCase = null;
  let endedOnCommand = false;

  for (let i = 0; i < tokens.words.length;) {
    const found = match(tokens, i);
    if (!found) {
      out += gap + caseFirstWord(tokens.words[i]!, nextCase, options.common, terms);
      gap = tokens.gaps[i + 1]!;
      nextCase = null;
      endedOnCommand = false;
      i += 1;
      continue;
    }
    const action = found.value;
    const after = tokens.gaps[i + found.length]!;
    const spoken = tokens.words.slice(i, i + found.length).join(' ');
    switch (action.kind) {
      case 'mark':
        out = trimEndSpaces(out + keptMarks(gap)) + action.mark;
        gap = spaceAfterMark(after);
        nextCase = action.endsSentence ? 'upper' : 'lower';
        changes.push({ from: spoken, to: action.mark });
        break;
      case 'open':
        out += gap;
        if (out && !/[\s([{"']$/.test(out)) out += ' ';
        out += action.mark;
        gap = withoutSoftPunctuation(after).trimStart();
        changes.push({ from: spoken, to: action.mark });
        break;
      case 'close':
        out = trimEndSpaces(out + keptMarks(gap)) + action.mark;
        gap = after;
        changes.push({ from: spoken, to: action.mark });
        break;
      case 'break':
        out = trimEndSpaces(out + gap.replace(/\s+$/, '')) + action.text;
        gap = withoutSoftPunctuation(after).replace(/^[ \t]+/, '');
        nextCase = 'upper';
        changes.push({ from: spoken, to: action.text });
        break;
      case 'scratch':
        changes.push({ from: `${(out + gap).trim()} ${spoken}`.trim(), to: '' });
        out = '';
        gap = withoutSoftPunctuation(after).trimStart();
        nextCase = startsUpper ? 'upper' : null;
        break;
    }
    endedOnCommand = true;
    i += found.length;
  }
  out += endedOnCommand ? gap.replace(/\s+$/, '') : gap;
  return { text: out, changes };
}

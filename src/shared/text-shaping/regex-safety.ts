/**
 * Cheap checks that keep a user's regular expression from hanging the pipeline or filling the text
 * with copies: JavaScript regular expressions cannot be interrupted, so a pattern that can take
 * exponential time on a short sentence ("(a+)+", "(\w+\s?)*") is refused before it ever runs.
 */

const MAX_PATTERN_LENGTH = 500;

interface GroupFrame {
  /** The group holds a repeating quantifier (directly or in a nested group). */
  repeats: boolean;
  branches: string[];
  branchStart: number;
}

/** Length of a quantifier at source[i] ("*", "+", "?", "{2,}", "{1,3}"), 0 if there is none. */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean } {
  const ch = source.charAt(i);
  if (ch === '*' || ch === '+') return { length: 1, repeats: true };
  if (ch === '?') return { length: 1, repeats: false };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!braces) return { length: 0, repeats: false };
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] ? Number(braces[3]) : Infinity;
  return { length: braces[0].length, repeats: max > 1 };
}

/** Why a pattern could backtrack for ever, or null. Assumes the pattern compiles. */
export function catastrophicReason(source: string): string | null {
  const stack: GroupFrame[] = [{ repeats: false, branches: [], branchStart: 0 }];
  let lastGroup: GroupFrame | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charAt(i);
    const frame = stack[stack.length - 1]!;
    if (ch === '\\') {
      i += 1;
      lastGroup = null;
    } else if (ch === '[') {
      for (i += 1; i < source.length && source.charAt(i) !== ']'; i++) if (source.charAt(i) === '\\') i++;
      lastGroup = null;
    } else if (ch === '(') {
      const prefix = /^\(\?(?:[:=!]|<[=!]|<[^>]+>)/.exec(source.slice(i));
      i += prefix ? prefix[0].length - 1 : 0;
      stack.push({ repeats: false, branches: [], branchStart: i + 1 });
    } else if (ch === ')' && stack.length > 1) {
      const closed = stack.pop()!;
      closed.branches.push(source.slice(closed.branchStart, i));
      if (closed.repeats) stack[stack.length - 1]!.repeats = true;
      lastGroup = closed;
    } else if (ch === '|') {
      frame.branches.push(source.slice(frame.branchStart, i));
      frame.branchStart = i + 1;
    } else {
      const quantifier = quantifierAt(source, i);
      if (quantifier.length === 0) {
        lastGroup = null;
        continue;
      }
      if (quantifier.repeats && lastGroup) {
        if (lastGroup.repeats) return 'a repeated group that itself repeats, e.g. (a+)+, can take for ever';
        if (new Set(lastGroup.branches).size < lastGroup.branches.length) {
          return 'a repeated group with two identical alternatives, e.g. (a|a)*, can take for ever';
        }
      }
      if (quantifier.repeats) frame.repeats = true;
      i += quantifier.length - 1;
      if (source.charAt(i + 1) === '?') i += 1;
      lastGroup = null;
    }
  }
  return null;
}

const SAMPLE = 'Hello world, this is a test. 123 and more.';

/** Why a user's pattern cannot be used, or null when it can. */
export function regexProblem(source: string, flags: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, flags);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  const reason = catastrophicReason(source);
  if (reason) return reason;
  if (new RegExp(source, flags.replace('g', '')).test('')) return 'matches empty text';
  for (const match of SAMPLE.matchAll(pattern)) {
    if (match[0].length === 0) return 'matches empty text';
  }
  return null;
}

/**
 * Turns what a user types into a search box into an FTS5 MATCH expression that can never be a syntax
 * error: each word becomes a quoted string (so quotes, AND/OR/NOT/NEAR, column filters, parentheses,
 * carets and stars are plain text; control characters separate words), the words must all occur, and the last one matches as a prefix while
 * the user is still typing it. Returns undefined when there is nothing to search for.
 */
export function ftsQuery(userText: string, maxWords = 32): string | undefined {
  // Control characters are never part of a word; a NUL would even end the query early (SQLite reads it
  // as a C string), leaving a quote open.
  const words = userText
    .replace(/\p{Cc}/gu, ' ')
    .split(/\s+/u)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, maxWords);
  if (words.length === 0) return undefined;
  const stillTyping = !/\s$/u.test(userText);
  return words
    .map((word, i) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return stillTyping && i === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

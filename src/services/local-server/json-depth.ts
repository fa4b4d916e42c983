/**
 * True when `text` nests arrays or objects deeper than `max`, read without parsing (brackets inside
 * strings do not count). JSON.parse of a 256 KB message nested 40,000 deep takes ~50 ms of the main
 * thread and grows the heap by tens of MB; this scan takes well under a millisecond, so such a message is
 * refused before it is parsed. For text that is not JSON the answer does not matter: JSON.parse decides.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

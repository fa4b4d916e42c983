/**
 * A key for how an English word sounds, in the manner of Metaphone: consonant sounds as letters, vowels
 * only at the start (as "A"), so "Kubernetes" and "cube or netties" both give KPRNTS. Two keys where
 * a spelling reads two ways (TH as in "thin" or as in "Thomas"; G as in "gem" or "get").
 * The single place to swap in the double-metaphone package once it is a dependency.
 */

const VOWELS = 'aeiouy';
const SOFTENS = 'iey';

/** Letters only, lower case, accents taken off ("Zoë" -> "zoe"). */
export function lettersOf(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function encode(word: string, alternate: boolean): string {
  let s = word
    .replace(/^(?:kn|gn|pn|wr|ps)/, (m) => m.slice(1))
    .replace(/^x/, 's')
    .replace(/^wh/, 'w');
  s = s.replace(/[0-9]/g, '');
  let out = '';
  const at = (k: number) => s.charAt(k);
  for (let i = 0; i < s.length; i++) {
    const c = at(i);
    const next = at(i + 1);
    if (c === at(i - 1) && c !== 'c') continue;
    let code: string;
    switch (c) {
      case 'b':
        code = at(i - 1) === 'm' && i === s.length - 1 ? '' : 'P';
        break;
      case 'c':
        if (next === 'h') [code, i] = [alternate ? 'K' : 'X', i + 1];
        else code = SOFTENS.includes(next) && next !== '' ? 'S' : 'K';
        break;
      case 'd':
        if (next === 'g' && SOFTENS.includes(at(i + 2)) && at(i + 2) !== '') [code, i] = ['J', i + 1];
        else code = 'T';
        break;
      case 'g':
        if (next === 'h') [code, i] = [i === 0 ? 'K' : '', i + 1];
        else if (next === 'n' && i + 2 === s.length) code = '';
        else code = SOFTENS.includes(next) && next !== '' && !alternate ? 'J' : 'K';
        break;
      case 'h':
        code = VOWELS.includes(next) && next !== '' && !'csptg'.includes(at(i - 1) || '-') ? 'H' : '';
        break;
      case 'k':
        code = at(i - 1) === 'c' ? '' : 'K';
        break;
      case 'p':
        if (next === 'h') [code, i] = ['F', i + 1];
        else code = 'P';
        break;
      case 'q':
        code = 'K';
        break;
      case 's':
        if (next === 'h') [code, i] = ['X', i + 1];
        else if (next === 'c' && at(i + 2) === 'h') [code, i] = ['SK', i + 2];
        else if (next === 'i' && 'oa'.includes(at(i + 2)) && at(i + 2) !== '') code = 'X';
        else code = 'S';
        break;
      case 't':
        if (next === 'h') [code, i] = [alternate ? 'T' : '0', i + 1];
        else if (next === 'i' && 'oa'.includes(at(i + 2)) && at(i + 2) !== '') code = 'X';
        else code = next === 'c' && at(i + 2) === 'h' ? '' : 'T';
        break;
      case 'v':
        code = 'F';
        break;
      case 'w':
        // Only a leading W is a sound of its own, as in Double Metaphone: "Qwen" sounds like "quen".
        code = i === 0 && VOWELS.includes(next) && next !== '' ? 'W' : '';
        break;
      case 'x':
        code = 'KS';
        break;
      case 'z':
        code = 'S';
        break;
      default:
        if (VOWELS.includes(c)) code = i === 0 ? 'A' : '';
        else code = c.toUpperCase();
    }
    for (const ch of code) if (!out.endsWith(ch)) out += ch;
  }
  return out;
}

/** One or two keys for the sound of a word or of words said together ("post gress"). */
export function soundKeys(text: string): string[] {
  const letters = lettersOf(text);
  const primary = encode(letters, false);
  const alternate = encode(letters, true);
  return primary === alternate ? [primary] : [primary, alternate];
}

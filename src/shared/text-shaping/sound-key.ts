import { doubleMetaphone } from 'double-metaphone';

/** Letters only, lower case, accents taken off ("Zoë" -> "zoe"). */
export function lettersOf(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * One or two keys for how a word, or words said together, sound (Double Metaphone: "Kubernetes" and
 * "cube or netties" both give KPRNTS; two keys where a spelling reads two ways).
 */
export function soundKeys(text: string): string[] {
  return [...new Set(doubleMetaphone(lettersOf(text)))];
}

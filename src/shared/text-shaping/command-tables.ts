/**
 * Spoken commands, one table per language. A phrase is matched as whole words in any case, with
 * whisper's own punctuation allowed between its words ("question, mark").
 */
export type CommandAction =
  /** A mark that sits right after the word before it; a sentence end capitalises the next word. */
  | { kind: 'mark'; mark: string; endsSentence: boolean }
  /** An opening quote or bracket: a space before it, none after. */
  | { kind: 'open'; mark: string }
  /** A closing quote or bracket: no space before it. */
  | { kind: 'close'; mark: string }
  | { kind: 'break'; text: '\n' | '\n\n' }
  /** Drops everything said before it in the same dictation. */
  | { kind: 'scratch' };

export interface CommandEntry {
  phrases: readonly string[];
  action: CommandAction;
}

const mark = (symbol: string, endsSentence = false): CommandAction => ({
  kind: 'mark',
  mark: symbol,
  endsSentence,
});

const ENGLISH: readonly CommandEntry[] = [
  { phrases: ['new line', 'newline', 'next line', 'line break'], action: { kind: 'break', text: '\n' } },
  { phrases: ['new paragraph', 'next paragraph'], action: { kind: 'break', text: '\n\n' } },
  { phrases: ['period', 'full stop'], action: mark('.', true) },
  { phrases: ['comma'], action: mark(',') },
  { phrases: ['question mark'], action: mark('?', true) },
  { phrases: ['exclamation mark', 'exclamation point'], action: mark('!', true) },
  { phrases: ['colon'], action: mark(':') },
  { phrases: ['semicolon', 'semi colon'], action: mark(';') },
  {
    phrases: ['open quote', 'open quotes', 'begin quote', 'start quote'],
    action: { kind: 'open', mark: '"' },
  },
  {
    phrases: ['close quote', 'close quotes', 'end quote', 'end of quote', 'unquote'],
    action: { kind: 'close', mark: '"' },
  },
  {
    phrases: ['open parenthesis', 'open paren', 'open round bracket', 'left parenthesis'],
    action: { kind: 'open', mark: '(' },
  },
  {
    phrases: ['close parenthesis', 'close paren', 'close round bracket', 'right parenthesis'],
    action: { kind: 'close', mark: ')' },
  },
  { phrases: ['open bracket', 'open square bracket', 'left bracket'], action: { kind: 'open', mark: '[' } },
  {
    phrases: ['close bracket', 'close square bracket', 'right bracket'],
    action: { kind: 'close', mark: ']' },
  },
  { phrases: ['scratch that'], action: { kind: 'scratch' } },
];

/**
 * French, from VoiceInk #667 ("à la ligne", "nouveau paragraphe"). A bare "point" is left out: it is
 * far too common a word ("point de vue"); "point final" ends a sentence.
 */
const FRENCH: readonly CommandEntry[] = [
  {
    phrases: ['à la ligne', 'nouvelle ligne', 'retour à la ligne'],
    action: { kind: 'break', text: '\n' },
  },
  { phrases: ['nouveau paragraphe'], action: { kind: 'break', text: '\n\n' } },
  { phrases: ['point final'], action: mark('.', true) },
  { phrases: ['virgule'], action: mark(',') },
  { phrases: ["point d'interrogation"], action: mark('?', true) },
  { phrases: ["point d'exclamation"], action: mark('!', true) },
  { phrases: ['deux points'], action: mark(':') },
  { phrases: ['point virgule'], action: mark(';') },
  { phrases: ['ouvrez les guillemets', 'ouvrir les guillemets'], action: { kind: 'open', mark: '"' } },
  { phrases: ['fermez les guillemets', 'fermer les guillemets'], action: { kind: 'close', mark: '"' } },
  { phrases: ['ouvrez la parenthèse', 'ouvrir la parenthèse'], action: { kind: 'open', mark: '(' } },
  { phrases: ['fermez la parenthèse', 'fermer la parenthèse'], action: { kind: 'close', mark: ')' } },
  { phrases: ['annule ça', 'efface ça'], action: { kind: 'scratch' } },
];

const TABLES: Readonly<Record<string, readonly CommandEntry[]>> = { en: ENGLISH, fr: FRENCH };

export function commandTableFor(language: string): readonly CommandEntry[] | null {
  return TABLES[language] ?? null;
}

export const COMMAND_LANGUAGES = Object.keys(TABLES);

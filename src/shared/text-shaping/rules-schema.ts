import { z } from 'zod';

/**
 * The text rules: the JSON the settings screen imports and exports and `--rules FILE` reads. This is
 * the strict form (what a valid file turns into); parseRules() reads a user's file entry by entry and
 * keeps everything that is valid.
 */
export const RULES_VERSION = 1;

export const PASTE_METHODS = ['ctrl+v', 'ctrl+shift+v', 'shift+insert', 'type', 'copy-only'] as const;
export const PasteMethod = z.enum(PASTE_METHODS);
export type PasteMethod = z.infer<typeof PasteMethod>;

export const AFTER_PASTE_KEYS = ['none', 'enter', 'ctrl+enter'] as const;
export const AfterPasteKey = z.enum(AFTER_PASTE_KEYS);
export type AfterPasteKey = z.infer<typeof AfterPasteKey>;

/** "auto" follows the language whisper detected (or was told); otherwise a code such as en, fr. */
const RulesLanguage = z
  .string()
  .regex(/^(auto|[a-z]{2,3})$/, 'use "auto" or a language code such as en, fr, de');

const MAX_WORD_LENGTH = 60;
const MAX_WORDS_IN_PHRASE = 5;

/** A word or phrase to expect, in the spelling it should have ("Kubernetes", "Priya", "Node.js"). */
export const ListedWord = z
  .string()
  .trim()
  .min(1, 'empty word')
  .max(MAX_WORD_LENGTH, `longer than ${MAX_WORD_LENGTH} characters`)
  .refine((word) => /[\p{L}\p{N}]/u.test(word), 'has no letters or digits')
  .refine(
    (word) => word.split(/\s+/).length <= MAX_WORDS_IN_PHRASE,
    `more than ${MAX_WORDS_IN_PHRASE} words: list a name or a term, not a sentence`,
  );

export const Replacement = z.object({
  /** The spoken phrase (whole words, any case), or a regular expression when regex is true. */
  from: z.string().trim().min(1, 'empty phrase').max(500, 'longer than 500 characters'),
  /** What it becomes; may hold line breaks ("\n"). With regex, $1 and $<name> refer to groups. */
  to: z.string().max(10_000, 'longer than 10000 characters'),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type Replacement = z.infer<typeof Replacement>;

/** Which steps of the pipeline run. Each can be turned off on its own. */
const StepSwitches = z.object({
  /** Spoken commands: "comma", "new line", "scratch that"... become what they say. */
  commands: z.boolean(),
  /** Filler words (um, uh, er, hmm...) are removed. */
  fillers: z.boolean(),
  /** A word or phrase that sounds like a listed word is spelled as listed. */
  vocabulary: z.boolean(),
  /** The replacements list is applied. */
  replace: z.boolean(),
  /** The text is joined to what the field already holds: spaces and the first capital. */
  spacing: z.boolean(),
});
export type StepSwitches = z.infer<typeof StepSwitches>;
export type StepName = keyof StepSwitches;

export const Profile = z.object({
  /**
   * The application: X11 WM_CLASS (instance or class), Windows process name ("code" or "Code.exe"),
   * macOS bundle id. Any case; "*" matches any run of characters ("*term*").
   */
  app: z.string().trim().min(1, 'empty app name').max(200),
  name: z.string().max(100).optional(),
  /** Omitted: the app's usual way (Ctrl+V; Ctrl+Shift+V or Shift+Insert in terminals). */
  paste: PasteMethod.optional(),
  after: AfterPasteKey.optional(),
  language: RulesLanguage.optional(),
  /** Added to the words list while this app has focus. */
  words: z.array(ListedWord).optional(),
  /** false: commands, fillers, vocabulary and replacements are all off here (spacing stays). */
  rules: z.boolean().optional(),
  trailingSpace: z.boolean().optional(),
  /** Each step on or off in this app; omitted: as the rules say. */
  ...StepSwitches.partial().shape,
});
export type Profile = z.infer<typeof Profile>;

export const TextRules = StepSwitches.extend({
  version: z.literal(RULES_VERSION),
  language: RulesLanguage,
  words: z.array(ListedWord),
  /**
   * How far a heard word may be from a listed one and still be corrected: 0 only fixes spelling and
   * spacing ("git hub" -> "GitHub"), 0.5 is very loose. Default 0.3.
   */
  wordsTolerance: z.number().min(0).max(0.5),
  replacements: z.array(Replacement),
  /** Filler words or phrases of the user's own, removed like the built-in ones. */
  extraFillers: z.array(ListedWord),
  profiles: z.array(Profile),
});
export type TextRules = z.infer<typeof TextRules>;

/** A fresh copy of the defaults each call, so no caller can change another's lists. */
export function defaultRules(): TextRules {
  return {
    version: RULES_VERSION,
    language: 'auto',
    words: [],
    wordsTolerance: 0.3,
    replacements: [],
    extraFillers: [],
    commands: true,
    fillers: true,
    vocabulary: true,
    replace: true,
    spacing: true,
    profiles: [],
  };
}

import { applyReplacements } from './apply-replacements.js';
import { commandTableFor } from './command-tables.js';
import { correctVocabulary } from './correct-vocabulary.js';
import { fillerPatternFor } from './filler-tables.js';
import { fitToField } from './fit-to-field.js';
import { commonWordsFor, smallWordsFor } from './letter-case.js';
import { removeFillers } from './remove-fillers.js';
import type { StepName, TextRules } from './rules-schema.js';
import { applySpokenCommands } from './spoken-commands.js';
import type { StepOutput, TextChange } from './step-result.js';
import { hasWords } from './tokens.js';
import { prepareVocabulary, type Vocabulary } from './vocabulary-match.js';

export interface ShapeContext {
  /** The end of the text already in the field (the previous dictation there); null: not known. */
  previous?: string | null;
  /** The language whisper recognised, used when the rules say "auto". */
  language?: string | null;
  trailingSpace?: boolean;
}

export type StepStatus = 'changed' | 'unchanged' | 'off' | 'unsupported' | 'failed';

export interface StepReport {
  step: StepName;
  status: StepStatus;
  before: string;
  after: string;
  changes: TextChange[];
  /** Why a step did not run or failed. */
  note?: string;
}

export interface ShapeResult {
  /** What to deliver. */
  text: string;
  raw: string;
  /** Spaces at the end of the field to delete before inserting (a comma after "word "). */
  eraseBefore: number;
  steps: StepReport[];
  /** Set when the steps left nothing of speech that had words: text is then the raw text. */
  fallback: string | null;
  /** Why text is empty when it is: everything said was commands or fillers, or nothing was said. */
  emptyBecause: 'commands' | 'fillers' | 'no-speech' | null;
}

/** A words list is prepared once for the dictations that use it (a few lists at a time: profiles). */
const prepared = new Map<string, Vocabulary>();
const PREPARED_LISTS = 8;

function vocabularyFor(words: readonly string[], language: string, common: ReadonlySet<string>): Vocabulary {
  const key = `${language}\u0000${words.join('\u0000')}`;
  let vocabulary = prepared.get(key);
  if (!vocabulary) {
    vocabulary = prepareVocabulary(words, common);
    if (prepared.size >= PREPARED_LISTS) prepared.delete(prepared.keys().next().value!);
    prepared.set(key, vocabulary);
  }
  return vocabulary;
}

/** Nothing to deliver: a line break alone ("new line") is something. */
function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

function effectiveLanguage(rules: TextRules, context: ShapeContext): string {
  if (rules.language !== 'auto') return rules.language;
  return context.language && /^[a-z]{2,3}$/.test(context.language) ? context.language : 'en';
}

/** A step, or why it cannot run here (no table for the language). */
type Step = ((text: string) => StepOutput) | string;

function runStep(step: StepName, enabled: boolean, before: string, run: Step): StepReport {
  if (!enabled) return { step, status: 'off', before, after: before, changes: [] };
  if (typeof run === 'string') {
    return { step, status: 'unsupported', before, after: before, changes: [], note: run };
  }
  try {
    const output = run(before);
    const status = output.text === before ? 'unchanged' : 'changed';
    return { step, status, before, after: output.text, changes: output.changes };
  } catch (error) {
    // A step must never cost the user their words: it is skipped, the others still run.
    return { step, status: 'failed', before, after: before, changes: [], note: String(error) };
  }
}

/**
 * The text pipeline between recognition and delivery: spoken commands -> fillers -> vocabulary ->
 * replacements -> spacing against the field. Pure: the same input always gives the same result.
 */
export function shapeText(raw: string, rules: TextRules, context: ShapeContext = {}): ShapeResult {
  const language = effectiveLanguage(rules, context);
  const common = commonWordsFor(language);
  const terms = rules.words;
  const table = commandTableFor(language);
  const fillerPattern = fillerPatternFor(language);
  const steps: StepReport[] = [];
  const push = (report: StepReport) => (steps.push(report), report.after);

  let text = raw;
  text = push(
    runStep(
      'commands',
      rules.commands,
      text,
      table
        ? (t) => applySpokenCommands(t, table, { common, terms })
        : `no spoken commands for "${language}"`,
    ),
  );
  const afterCommands = text;
  const fillersAvailable = fillerPattern !== null || rules.extraFillers.length > 0;
  text = push(
    runStep(
      'fillers',
      rules.fillers,
      text,
      fillersAvailable
        ? (t) => removeFillers(t, { pattern: fillerPattern, extra: rules.extraFillers })
        : `no filler words for "${language}"`,
    ),
  );
  const afterFillers = text;
  text = push(
    runStep('vocabulary', rules.vocabulary, text, (t) =>
      correctVocabulary(t, {
        vocabulary: vocabularyFor(rules.words, language, common),
        tolerance: rules.wordsTolerance,
        common,
        small: smallWordsFor(language),
      }),
    ),
  );
  text = push(runStep('replace', rules.replace, text, (t) => applyReplacements(t, rules.replacements)));

  let fallback: string | null = null;
  let emptyBecause: ShapeResult['emptyBecause'] = null;
  if (isBlank(text)) {
    if (!hasWords(raw)) emptyBecause = 'no-speech';
    else if (isBlank(afterCommands)) emptyBecause = 'commands';
    else if (isBlank(afterFillers)) emptyBecause = 'fillers';
    else {
      const culprit = steps.find((s) => !isBlank(s.before) && isBlank(s.after));
      fallback = `the ${culprit?.step ?? 'text'} step left nothing of what was said, so it is delivered as recognised`;
      text = raw;
    }
  }
  if (emptyBecause) {
    steps.push({
      step: 'spacing',
      status: rules.spacing ? 'unchanged' : 'off',
      before: '',
      after: '',
      changes: [],
    });
    return { text: '', raw, eraseBefore: 0, steps, fallback, emptyBecause };
  }

  let eraseBefore = 0;
  text = push(
    runStep('spacing', rules.spacing, text, (t) => {
      const fit = fitToField(t, context, { common, terms, language });
      eraseBefore = fit.eraseBefore;
      return fit;
    }),
  );
  return { text, raw, eraseBefore, steps, fallback, emptyBecause };
}

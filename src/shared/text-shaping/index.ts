/** The text pipeline between recognition and delivery, and the rules that drive it. Pure. */
export {
  shapeText,
  type ShapeContext,
  type ShapeResult,
  type StepReport,
  type StepStatus,
} from './shape-text.js';
export { joinPieces, type JoinOptions } from './join-pieces.js';
export { parseRules, type ParsedRules } from './parse-rules.js';
export type { RuleProblem } from './rule-problems.js';
export { resolveProfile, type ResolvedProfile } from './resolve-profile.js';
export {
  AFTER_PASTE_KEYS,
  AfterPasteKey,
  defaultRules,
  PASTE_METHODS,
  PasteMethod,
  Profile,
  Replacement,
  RULES_VERSION,
  TextRules,
  type StepName,
} from './rules-schema.js';
export type { TextChange } from './step-result.js';
export { COMMAND_LANGUAGES } from './command-tables.js';
export { FILLER_LANGUAGES } from './filler-tables.js';

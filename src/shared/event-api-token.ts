/**
 * How strong the local event API's token must be. Any program on the machine can try tokens, so a short
 * or patterned one (typed by hand into settings.json) would be guessed; the app's own tokens are 43
 * URL-safe random characters (256 bits).
 */
const EVENT_API_MIN_TOKEN_LENGTH = 32;

/** Fewer distinct characters than this means a pattern ("aaaa...", "abab..."), not a random token. */
const MIN_DISTINCT_CHARACTERS = 8;

/** Why `token` is too weak to guard the event API, in a sentence that does not repeat it; null if fine. */
export function eventApiTokenProblem(token: string): string | null {
  return weakTokenProblem(token, 'The event API token');
}

/** The same rule for any token that guards a local server (`dictation serve` too); `what` names it. */
export function weakTokenProblem(token: string, what: string): string | null {
  if (token.length < EVENT_API_MIN_TOKEN_LENGTH) {
    const length = `${token.length} character${token.length === 1 ? '' : 's'}`;
    return `${what} is only ${length} long; it must be at least ${EVENT_API_MIN_TOKEN_LENGTH} random characters.`;
  }
  if (new Set(token).size < MIN_DISTINCT_CHARACTERS) {
    return `${what} repeats ${new Set(token).size} characters; it must be at least ${EVENT_API_MIN_TOKEN_LENGTH} random characters.`;
  }
  return null;
}

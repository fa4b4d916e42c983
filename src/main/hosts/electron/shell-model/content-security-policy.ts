/**
 * The window's Content Security Policy. The page carries it in src/renderer/index.html's meta tag (a
 * test keeps the built page's tag equal to this list), because Electron does not promise that
 * webRequest sees, and lets the app add headers to, file:// responses. The header repeats it and adds
 * frame-ancestors, which the CSP spec ignores in a meta tag (as it does report-uri and sandbox).
 */
export const RENDERER_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // A kept dictation is played from a blob: URL the page makes of the WAV the app sent.
  'media-src blob:',
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** Only a header can set these: a meta tag with them is ignored by the browser. */
export const HEADER_ONLY_CSP_DIRECTIVES = ["frame-ancestors 'none'"] as const;

export const CONTENT_SECURITY_POLICY = [...RENDERER_CSP_DIRECTIVES, ...HEADER_ONLY_CSP_DIRECTIVES].join('; ');

/** Directives of a policy string, normalised ("a b;  c d" -> ["a b", "c d"]). */
export function cspDirectives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive.length > 0);
}

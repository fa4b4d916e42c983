/**
 * The window's Content Security Policy. The same directives are in src/renderer/index.html's meta tag
 * (a test keeps them equal); the header adds the ones a meta tag cannot carry (frame-ancestors) and
 * closes what the page never uses.
 */
export const RENDERER_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
] as const;

export const HEADER_ONLY_CSP_DIRECTIVES = [
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = [...RENDERER_CSP_DIRECTIVES, ...HEADER_ONLY_CSP_DIRECTIVES].join('; ');

/** Directives of a policy string, normalised ("a b;  c d" -> ["a b", "c d"]). */
export function cspDirectives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive.length > 0);
}

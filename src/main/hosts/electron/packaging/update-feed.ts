/** Where updates come from, if anywhere. Builds without a feed never look for updates. */
export type UpdateFeed =
  | { enabled: false; reason: string }
  /** app-update.yml in the resources folder, written by electron-builder from a `publish` setting. */
  | { enabled: true; source: 'bundled' }
  /** A generic electron-updater feed (a folder holding latest.yml / latest-mac.yml / latest-linux.yml). */
  | { enabled: true; source: 'override'; url: string };

/** An update feed URL from the environment, for testing a release channel or a private mirror. */
export const UPDATE_URL_ENV = 'DICTATION_UPDATE_URL';

export interface UpdateFeedInput {
  isPackaged: boolean;
  /** The user turned automatic updates off. */
  turnedOff?: boolean;
  /** A feed URL from settings or $DICTATION_UPDATE_URL. */
  overrideUrl?: string | null;
  /** Whether <resources>/app-update.yml exists. */
  bundledConfigExists: boolean;
}

export function resolveUpdateFeed(input: UpdateFeedInput): UpdateFeed {
  if (input.turnedOff) return { enabled: false, reason: 'automatic updates are turned off in settings' };
  if (!input.isPackaged) return { enabled: false, reason: 'not a packaged build' };
  const override = input.overrideUrl?.trim();
  if (override) {
    let url: URL;
    try {
      url = new URL(override);
    } catch {
      return { enabled: false, reason: `the update feed "${override}" is not a URL` };
    }
    // Update files are executable code: never take them over an unauthenticated connection.
    if (url.protocol !== 'https:')
      return { enabled: false, reason: `the update feed ${override} is not https` };
    return { enabled: true, source: 'override', url: url.href };
  }
  if (input.bundledConfigExists) return { enabled: true, source: 'bundled' };
  return { enabled: false, reason: 'this build has no update feed' };
}

import type { Settings } from '../../shared/settings.js';
import type { SetSetting } from './use-settings-draft.js';

/** What every settings section gets: the draft, the field errors, and the setter. */
export interface SectionProps {
  draft: Settings;
  errors: Record<string, string>;
  set: SetSetting;
}

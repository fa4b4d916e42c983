import { useMemo, useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import {
  SETTINGS_GROUPS,
  Settings,
  settingsProblems,
  type SettingsGroup,
  type SettingsPatch,
} from '../../shared/settings.js';
import { pushNotice } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

export type SettingsEdits = { [G in SettingsGroup]?: Partial<Settings[G]> };
export type SetSetting = <G extends SettingsGroup, K extends keyof Settings[G]>(
  group: G,
  key: K,
  value: Settings[G][K],
) => void;

export interface SettingsDraft {
  draft: Settings;
  dirty: boolean;
  /** Per field ("vad.silenceMs"): what is wrong with the value typed. */
  errors: Record<string, string>;
  /** Problems across fields (two hotkeys that collide). */
  problems: string[];
  saving: boolean;
  saveError: SerializedError | null;
  set: SetSetting;
  discard: () => void;
  save: () => Promise<void>;
}

/**
 * The user's unsaved edits on top of the saved settings, checked with the same schema main uses. Saved
 * changes that arrive from elsewhere (the tray, another window) show through wherever nothing was edited.
 */
export function useSettingsDraft(saved: Settings): SettingsDraft {
  const [edits, setEdits] = useState<SettingsEdits>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SerializedError | null>(null);

  const draft = useMemo(() => applyEdits(saved, edits), [saved, edits]);
  const { errors, problems } = useMemo(() => validate(draft), [draft]);
  const dirty = useMemo(() => hasChanges(saved, draft), [saved, draft]);

  const set: SetSetting = (group, key, value) => {
    setSaveError(null);
    setEdits((previous) => ({ ...previous, [group]: { ...previous[group], [key]: value } }));
  };

  const save = async () => {
    setSaving(true);
    const response = await invoke({ type: 'settings_update', patch: edits as SettingsPatch });
    setSaving(false);
    if (response.ok) {
      setEdits({});
      pushNotice({ level: 'success', message: 'Settings saved.' });
    } else {
      setSaveError(response.error);
    }
  };

  return {
    draft,
    dirty,
    errors,
    problems,
    saving,
    saveError,
    set,
    discard: () => {
      setEdits({});
      setSaveError(null);
    },
    save,
  };
}

function applyEdits(saved: Settings, edits: SettingsEdits): Settings {
  const draft = structuredClone(saved);
  for (const group of SETTINGS_GROUPS) Object.assign(draft[group], edits[group]);
  return draft;
}

function hasChanges(saved: Settings, draft: Settings): boolean {
  return JSON.stringify(saved) !== JSON.stringify(draft);
}

function validate(draft: Settings): { errors: Record<string, string>; problems: string[] } {
  const parsed = Settings.safeParse(draft);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      errors[key] ??= issue.message;
    }
    return { errors, problems: [] };
  }
  return { errors: {}, problems: settingsProblems(parsed.data) };
}

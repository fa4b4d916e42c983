import { createContext, useContext, type ReactNode } from 'react';
import type { Settings, SettingsGroup } from '../../shared/settings.js';
import type { SetSetting } from './use-settings-draft.js';

/** What every settings section works on: the draft, the field errors, and the setter. */
export interface SettingsForm {
  draft: Settings;
  errors: Record<string, string>;
  set: SetSetting;
}

const SettingsFormContext = createContext<SettingsForm | null>(null);

export function SettingsFormProvider({ form, children }: { form: SettingsForm; children: ReactNode }) {
  return <SettingsFormContext.Provider value={form}>{children}</SettingsFormContext.Provider>;
}

export function useSettingsForm(): SettingsForm {
  const form = useContext(SettingsFormContext);
  if (!form) throw new Error('a settings field is used outside the settings form');
  return form;
}

/** The fields of a settings group whose value is of type V. */
export type FieldOf<G extends SettingsGroup, V> = {
  [K in keyof Settings[G]]: Settings[G][K] extends V ? K : never;
}[keyof Settings[G]];

/** One field of the draft: its value, its error, and how to change it. */
export function useSetting<G extends SettingsGroup, K extends keyof Settings[G]>(group: G, field: K) {
  const { draft, errors, set } = useSettingsForm();
  return {
    value: draft[group][field],
    error: errors[`${group}.${String(field)}`],
    change: (value: Settings[G][K]) => set(group, field, value),
  };
}

import type { TextSettings } from '../../../shared/text-settings.js';
import { useSettingsForm } from '../settings-form.js';

/** One field of the draft's text rules, and the problems of its entries by position ("3.from"). */
export function useTextRule<K extends keyof TextSettings>(field: K) {
  const { draft, errors, set } = useSettingsForm();
  const prefix = `text.${field}`;
  return {
    value: draft.text[field],
    change: (value: TextSettings[K]) => set('text', field, value),
    /** The problem of an entry (index) or of one of its fields. */
    errorAt: (index: number, key?: string) =>
      errors[key ? `${prefix}.${index}.${key}` : `${prefix}.${index}`],
    /** The first problem inside an entry's field (a profile's words: "2.words.1"). */
    errorUnder: (index: number, key: string) =>
      Object.entries(errors).find(([path]) => path.startsWith(`${prefix}.${index}.${key}`))?.[1],
  };
}

import type { DeliveryMethod } from '../../shared/settings.js';
import { SelectField } from './fields/SelectField.js';
import { SwitchField } from './fields/SwitchField.js';
import type { SectionProps } from './section-props.js';
import { SettingsSection } from './SettingsSection.js';

const METHODS = [
  { value: 'paste', label: 'Paste into the focused app (your clipboard is restored)' },
  { value: 'type', label: 'Type it key by key' },
  { value: 'copy', label: 'Only copy it to the clipboard' },
] as const;

export function DeliverySection({ draft, errors, set }: SectionProps) {
  return (
    <SettingsSection title="Text delivery">
      <SelectField
        label="How the text arrives"
        value={draft.delivery.method}
        options={METHODS}
        onChange={(value) => set('delivery', 'method', value as DeliveryMethod)}
        error={errors['delivery.method']}
        testId="setting-delivery-method"
      />
      <SwitchField
        label="Add a space after the text"
        checked={draft.delivery.trailingSpace}
        onChange={(checked) => set('delivery', 'trailingSpace', checked)}
        testId="setting-trailing-space"
      />
    </SettingsSection>
  );
}

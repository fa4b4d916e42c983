import FormHelperText from '@mui/material/FormHelperText';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SettingsGroup } from '../../../shared/settings.js';
import { useSetting, type FieldOf } from '../settings-form.js';
import { SelectField, type SelectOption } from './SelectField.js';
import { SwitchField } from './SwitchField.js';
import { TextSettingField } from './TextSettingField.js';

/** The optional props a field passes on only when they are given (exactOptionalPropertyTypes). */
function given<P extends object>(props: P): Partial<P> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as Partial<P>;
}

interface Common<G extends SettingsGroup, V> {
  group: G;
  field: FieldOf<G, V>;
  label: string;
  help?: string;
  testId?: string;
}

/** What a bound field gives its control: the draft value and error, and its label, setter, help and test id. */
function useBoundField<G extends SettingsGroup, V>(props: Common<G, V>) {
  const setting = useSetting(props.group, props.field);
  return {
    value: setting.value as V,
    error: setting.error,
    shared: {
      label: props.label,
      onChange: (value: V) => setting.change(value as never),
      ...given({ help: props.help, testId: props.testId }),
    },
  };
}

/** An on/off setting of the draft. */
export function SettingSwitch<G extends SettingsGroup>(props: Common<G, boolean>) {
  const { value, shared } = useBoundField(props);
  return <SwitchField checked={value} {...shared} />;
}

/** A setting chosen from a list. */
export function SettingSelect<G extends SettingsGroup>(
  props: Common<G, string> & { options: readonly SelectOption[]; error?: string },
) {
  const { value, error, shared } = useBoundField(props);
  return <SelectField value={value} options={props.options} error={props.error ?? error} {...shared} />;
}

/** A typed-in setting (text). */
export function SettingText<G extends SettingsGroup>(props: Common<G, string> & { multiline?: boolean }) {
  const { value, error, shared } = useBoundField(props);
  return (
    <TextSettingField value={value} error={error} {...shared} {...given({ multiline: props.multiline })} />
  );
}

/** A typed-in number; an empty box is NaN, which the schema refuses with the field's message. */
export function SettingNumber<G extends SettingsGroup>(
  props: Common<G, number> & { endText?: string; disabled?: boolean },
) {
  const { value, error, shared } = useBoundField(props);
  return (
    <TextSettingField
      {...shared}
      type="number"
      value={Number.isNaN(value) ? '' : String(value)}
      onChange={(typed) => shared.onChange(typed.trim() === '' ? Number.NaN : Number(typed))}
      error={error}
      {...given({ endText: props.endText, disabled: props.disabled })}
    />
  );
}

/** A number chosen on a slider, with its label above and its help (or error) below. */
export function SettingSlider<G extends SettingsGroup>(
  props: Omit<Common<G, number>, 'label'> & {
    heading: (value: number) => string;
    min: number;
    max: number;
    step: number;
    marks?: { value: number }[];
    valueLabel?: (value: number) => string;
    /** Rounds what the slider gives (e.g. to two decimals). */
    round?: (value: number) => number;
  },
) {
  const setting = useSetting(props.group, props.field);
  const value = setting.value as number;
  const labelId = `${props.testId ?? String(props.field)}-label`;
  return (
    <Stack spacing={0.5}>
      <Typography id={labelId} variant="body2">
        {props.heading(value)}
      </Typography>
      <Slider
        value={value}
        min={props.min}
        max={props.max}
        step={props.step}
        {...(props.marks ? { marks: props.marks } : {})}
        valueLabelDisplay="auto"
        {...(props.valueLabel ? { valueLabelFormat: props.valueLabel } : {})}
        onChange={(_event, next) => {
          const number = next as number;
          setting.change((props.round ? props.round(number) : number) as never);
        }}
        slotProps={{
          input: {
            'aria-labelledby': labelId,
            ...(props.testId ? { 'data-testid': props.testId } : {}),
          } as object,
        }}
        sx={{ mx: 1, width: 'auto' }}
      />
      <FormHelperText error={setting.error !== undefined}>{setting.error ?? props.help}</FormHelperText>
    </Stack>
  );
}

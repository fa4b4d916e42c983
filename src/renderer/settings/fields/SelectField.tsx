import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: string;
  testId?: string;
  disabled?: boolean;
}

/** A labelled drop-down (keyboard: Space/Enter opens it, arrows choose). */
export function SelectField({
  label,
  value,
  options,
  onChange,
  error,
  help,
  testId,
  disabled,
}: SelectFieldProps) {
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error !== undefined}
      helperText={error ?? help}
      disabled={disabled ?? false}
      fullWidth
      slotProps={{ select: { SelectDisplayProps: testId ? ({ 'data-testid': testId } as object) : {} } }}
    >
      {options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

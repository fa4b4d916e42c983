import TextField from '@mui/material/TextField';

export interface TextSettingFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: string;
  testId?: string;
  type?: 'text' | 'number';
  multiline?: boolean;
  disabled?: boolean;
  endText?: string;
}

export function TextSettingField(props: TextSettingFieldProps) {
  const {
    label,
    value,
    onChange,
    error,
    help,
    testId,
    type = 'text',
    multiline = false,
    disabled = false,
  } = props;
  return (
    <TextField
      label={label}
      value={value}
      type={type}
      onChange={(event) => onChange(event.target.value)}
      error={error !== undefined}
      helperText={error ?? help}
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      disabled={disabled}
      fullWidth
      slotProps={{
        htmlInput: testId ? { 'data-testid': testId } : {},
        input: props.endText
          ? { endAdornment: <span style={{ opacity: 0.7, marginLeft: 8 }}>{props.endText}</span> }
          : {},
      }}
    />
  );
}

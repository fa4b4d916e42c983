import type { SxProps, Theme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import type { FocusEventHandler } from 'react';

interface RowTextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: string;
  type?: 'number' | 'password';
  multiline?: boolean;
  onBlur?: FocusEventHandler;
  sx?: SxProps<Theme>;
}

/** A small text box in a row of a list (text rules, remote engines); its error stands in place of its help. */
export function RowTextField({ onChange, error, help, ...props }: RowTextFieldProps) {
  return (
    <TextField
      size="small"
      {...props}
      onChange={(event) => onChange(event.target.value)}
      error={error !== undefined}
      helperText={error ?? help}
    />
  );
}

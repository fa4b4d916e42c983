import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Switch from '@mui/material/Switch';

export interface SwitchFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  help?: string;
  testId?: string;
}

export function SwitchField({ label, checked, onChange, help, testId }: SwitchFieldProps) {
  return (
    <div>
      <FormControlLabel
        control={
          <Switch
            checked={checked}
            onChange={(event) => onChange(event.target.checked)}
            slotProps={{ input: testId ? ({ 'data-testid': testId } as object) : {} }}
          />
        }
        label={label}
      />
      {help ? <FormHelperText sx={{ mt: -0.5, ml: 6 }}>{help}</FormHelperText> : null}
    </div>
  );
}

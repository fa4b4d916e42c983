import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { SearchIcon } from '../common/icons.js';

export function HistorySearchField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      type="search"
      label="Search history"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      fullWidth
      slotProps={{
        htmlInput: { 'data-testid': 'history-search' },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

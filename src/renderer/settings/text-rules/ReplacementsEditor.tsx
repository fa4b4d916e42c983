import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { Replacement } from '../../../shared/text-shaping/index.js';
import { ListEditor } from './ListEditor.js';
import { useTextRule } from './use-text-rule.js';

const BLANK: Replacement = { from: '', to: '', regex: false, caseSensitive: false, enabled: true };

/** Replacements and snippets: a spoken phrase (or a regular expression) and what it becomes. */
export function ReplacementsEditor() {
  const rule = useTextRule('replacements');
  return (
    <ListEditor<Replacement>
      title="Replacements and snippets"
      help='Whole words, any case: "my email" -> an address, "sig" -> a signature (Enter for line breaks). With "regular expression", $1 uses a group.'
      items={rule.value}
      onChange={rule.change}
      blank={() => ({ ...BLANK })}
      addLabel="Add a replacement"
      itemName={(item, index) => `replacement ${item.from ? `"${item.from}"` : index + 1}`}
      testId="text-replacements"
      renderItem={(item, update, index) => {
        const fromError = rule.errorAt(index, 'from') ?? rule.errorAt(index);
        const toError = rule.errorAt(index, 'to');
        return (
          <Stack spacing={0.5} sx={{ width: '100%' }}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                label="When I say"
                value={item.from}
                onChange={(event) => update({ ...item, from: event.target.value })}
                error={fromError !== undefined}
                helperText={fromError}
                sx={{ flex: 1, minWidth: 160 }}
              />
              <TextField
                size="small"
                label="Type"
                value={item.to}
                multiline
                onChange={(event) => update({ ...item, to: event.target.value })}
                error={toError !== undefined}
                helperText={toError}
                sx={{ flex: 2, minWidth: 200 }}
              />
            </Stack>
            <Stack direction="row" spacing={1}>
              <FormControlLabel
                control={
                  <Checkbox
                    size="small"
                    checked={item.regex}
                    onChange={(e) => update({ ...item, regex: e.target.checked })}
                  />
                }
                label="Regular expression"
              />
              <FormControlLabel
                control={
                  <Checkbox
                    size="small"
                    checked={item.caseSensitive}
                    onChange={(e) => update({ ...item, caseSensitive: e.target.checked })}
                  />
                }
                label="Match case"
              />
              <FormControlLabel
                control={
                  <Checkbox
                    size="small"
                    checked={item.enabled}
                    onChange={(e) => update({ ...item, enabled: e.target.checked })}
                  />
                }
                label="On"
              />
            </Stack>
          </Stack>
        );
      }}
    />
  );
}

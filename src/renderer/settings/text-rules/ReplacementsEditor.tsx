import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import type { Replacement } from '../../../shared/text-shaping/index.js';
import { RowTextField } from '../fields/RowTextField.js';
import { ListEditor } from './ListEditor.js';
import { useTextRule } from './use-text-rule.js';

const BLANK: Replacement = { from: '', to: '', regex: false, caseSensitive: false, enabled: true };

/** A replacement's on/off options, as checkboxes under its text. */
const FLAG_LABELS = { regex: 'Regular expression', caseSensitive: 'Match case', enabled: 'On' } as const;
const FLAGS = Object.keys(FLAG_LABELS) as (keyof typeof FLAG_LABELS)[];

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
              <RowTextField
                label="When I say"
                value={item.from}
                onChange={(from) => update({ ...item, from })}
                error={fromError}
                sx={{ flex: 1, minWidth: 160 }}
              />
              <RowTextField
                label="Type"
                value={item.to}
                multiline
                onChange={(to) => update({ ...item, to })}
                error={toError}
                sx={{ flex: 2, minWidth: 200 }}
              />
            </Stack>
            <Stack direction="row" spacing={1}>
              {FLAGS.map((flag) => (
                <FormControlLabel
                  key={flag}
                  control={
                    <Checkbox
                      size="small"
                      checked={item[flag]}
                      onChange={(e) => update({ ...item, [flag]: e.target.checked })}
                    />
                  }
                  label={FLAG_LABELS[flag]}
                />
              ))}
            </Stack>
          </Stack>
        );
      }}
    />
  );
}

import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { parseRules, resolveProfile, shapeText } from '../../../shared/text-shaping/index.js';
import { useDebouncedValue } from '../../common/use-debounced-value.js';
import { useAppStore } from '../../store/app-store.js';
import { useSettingsForm } from '../settings-form.js';

const EXAMPLE = 'um so the meeting is at noon period new paragraph see you there';

const STEP_LABEL = {
  commands: 'spoken commands',
  fillers: 'filler words',
  vocabulary: 'words to expect',
  replace: 'replacements',
  spacing: 'spacing',
} as const;

/**
 * What would be delivered for a sentence (typed, or the last one spoken) with the rules as they are in
 * the form now, saved or not, and for which app's profile.
 */
export function ShapePreview() {
  const { draft } = useSettingsForm();
  const last = useAppStore((state) => state.lastTranscript);
  const [typed, setTyped] = useState<string | null>(null);
  const [app, setApp] = useState('');
  const text = typed ?? last?.raw ?? last?.text ?? EXAMPLE;
  const input = useDebouncedValue(text, 150);
  // Only the entries that check out (as the app would keep them): a bad one is shown in its row.
  const rules = useMemo(() => parseRules(draft.text).rules, [draft.text]);
  const result = useMemo(() => {
    const profile = resolveProfile(rules, app.trim() ? app.trim() : null);
    const trailingSpace = profile.trailingSpace ?? draft.delivery.trailingSpace;
    // As into an empty field.
    return { profile, shaped: shapeText(input, profile.rules, { previous: '', trailingSpace }) };
  }, [rules, draft.delivery.trailingSpace, input, app]);
  const changed = result.shaped.steps
    .filter((step) => step.status === 'changed')
    .map((step) => STEP_LABEL[step.step]);
  const output = result.shaped.text
    ? result.shaped.text
    : result.shaped.emptyBecause === 'no-speech'
      ? '(nothing)'
      : `(nothing: only ${result.shaped.emptyBecause === 'commands' ? 'commands' : 'filler words'} were said)`;
  return (
    <Stack spacing={1} data-testid="shape-preview">
      <Typography variant="subtitle2">Preview</Typography>
      <Stack direction="row" spacing={1}>
        <TextField
          label={typed === null && last ? 'The last thing you said' : 'Say or type a sentence'}
          value={text}
          onChange={(event) => setTyped(event.target.value)}
          multiline
          fullWidth
          slotProps={{ htmlInput: { 'data-testid': 'shape-preview-input' } }}
        />
        <TextField
          label="In the app"
          value={app}
          placeholder="any"
          onChange={(event) => setApp(event.target.value)}
          sx={{ width: 180 }}
          slotProps={{ htmlInput: { 'data-testid': 'shape-preview-app' } }}
        />
      </Stack>
      <Typography
        component="pre"
        data-testid="shape-preview-output"
        sx={{
          m: 0,
          p: 1,
          borderRadius: 1,
          bgcolor: 'action.hover',
          whiteSpace: 'pre-wrap',
          fontFamily: 'inherit',
        }}
      >
        {output}
      </Typography>
      <Typography variant="caption" color="text.secondary" data-testid="shape-preview-steps">
        {result.profile.profile
          ? `Profile "${result.profile.profile.app}". `
          : 'No profile: the settings above. '}
        {changed.length ? `Changed by: ${changed.join(', ')}.` : 'No rule changed it.'}
        {result.shaped.fallback ? ` ${result.shaped.fallback}.` : ''}
      </Typography>
    </Stack>
  );
}

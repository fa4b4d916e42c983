import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type ChangeEvent } from 'react';
import { parseRules, type RuleProblem, type TextRules } from '../../../shared/text-shaping/index.js';
import { CopyButton } from '../../common/CopyButton.js';
import { useSettingsForm } from '../settings-form.js';

const RULE_KEYS = (rules: TextRules) => Object.keys(rules) as (keyof TextRules)[];

/**
 * The rules as JSON, the same file `dictation --rules FILE` reads: export shows it to copy, import
 * reads a pasted or chosen file entry by entry (bad entries are listed with their position and left
 * out; the rest is put into the form, to save or discard).
 */
export function RulesTransfer() {
  const { draft, set } = useSettingsForm();
  const [open, setOpen] = useState<'import' | 'export' | null>(null);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<RuleProblem[] | null>(null);
  const exported = JSON.stringify(draft.text, null, 2);

  const close = () => {
    setOpen(null);
    setText('');
    setProblems(null);
  };
  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  };
  const importRules = () => {
    const parsed = parseRules(text);
    const nothing = parsed.problems.some((problem) => problem.path === '');
    setProblems(parsed.problems);
    if (nothing) return;
    for (const key of RULE_KEYS(parsed.rules)) set('text', key, parsed.rules[key] as never);
    if (parsed.problems.length === 0) close();
  };

  return (
    <>
      <Stack direction="row" spacing={1}>
        <Button size="small" variant="outlined" onClick={() => setOpen('import')} data-testid="rules-import">
          Import rules (JSON)
        </Button>
        <Button size="small" variant="outlined" onClick={() => setOpen('export')} data-testid="rules-export">
          Export rules (JSON)
        </Button>
      </Stack>
      <Dialog open={open === 'export'} onClose={close} fullWidth maxWidth="md">
        <DialogTitle>Text rules as JSON</DialogTitle>
        <DialogContent>
          <TextField
            value={exported}
            multiline
            minRows={8}
            maxRows={20}
            fullWidth
            slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'rules-export-json' } }}
            helperText='The same file "dictation listen --rules FILE" and "dictation shape" read.'
          />
        </DialogContent>
        <DialogActions>
          <CopyButton text={exported} label="Copy the rules" />
          <Button onClick={close}>Close</Button>
        </DialogActions>
      </Dialog>
      <Dialog open={open === 'import'} onClose={close} fullWidth maxWidth="md">
        <DialogTitle>Import text rules</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Button component="label" variant="outlined" sx={{ alignSelf: 'flex-start' }}>
              Choose a file…
              <input
                type="file"
                accept=".json,application/json"
                hidden
                onChange={(e) => void chooseFile(e)}
              />
            </Button>
            <TextField
              label="or paste the JSON here"
              value={text}
              onChange={(event) => setText(event.target.value)}
              multiline
              minRows={6}
              maxRows={16}
              fullWidth
              slotProps={{ htmlInput: { 'data-testid': 'rules-import-json' } }}
            />
            {problems && problems.length > 0 ? (
              <Alert severity="warning" data-testid="rules-import-problems">
                {problems.some((p) => p.path === '') ? 'Nothing was imported:' : 'Imported, except:'}
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.map((problem) => (
                    <li key={`${problem.path}:${problem.message}`}>
                      {problem.path ? <code>{problem.path}</code> : null} {problem.message}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{problems?.length ? 'Close' : 'Cancel'}</Button>
          <Button
            variant="contained"
            onClick={importRules}
            disabled={!text.trim()}
            data-testid="rules-import-apply"
          >
            Import
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

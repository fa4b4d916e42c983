import TextField from '@mui/material/TextField';
import { ListEditor } from './ListEditor.js';
import { useTextRule } from './use-text-rule.js';

/** The words to expect, or the user's own filler words: one word or short phrase per entry. */
export function WordListEditor(props: {
  field: 'words' | 'extraFillers';
  title: string;
  help: string;
  addLabel: string;
  testId: string;
}) {
  const rule = useTextRule(props.field);
  return (
    <ListEditor<string>
      title={props.title}
      help={props.help}
      items={rule.value}
      onChange={rule.change}
      blank={() => ''}
      addLabel={props.addLabel}
      itemName={(word, index) => `"${word || `entry ${index + 1}`}"`}
      testId={props.testId}
      renderItem={(word, update, index) => {
        const error = rule.errorAt(index);
        return (
          <TextField
            size="small"
            value={word}
            onChange={(event) => update(event.target.value)}
            error={error !== undefined}
            helperText={error}
            placeholder="Kubernetes"
            sx={{ flex: 1, minWidth: 200 }}
            slotProps={{ htmlInput: { 'aria-label': `${props.title}, entry ${index + 1}` } }}
          />
        );
      }}
    />
  );
}

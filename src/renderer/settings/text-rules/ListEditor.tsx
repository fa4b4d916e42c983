import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { DeleteIcon } from '../../common/icons.js';

export interface ListEditorProps<T> {
  title: string;
  help: string;
  items: readonly T[];
  onChange: (items: T[]) => void;
  /** A new, empty entry (the user fills it in where it appears). */
  blank: () => T;
  addLabel: string;
  /** One entry's fields; `update` replaces it. */
  renderItem: (item: T, update: (next: T) => void, index: number) => ReactNode;
  /** "Delete word 3", for the delete button of each entry. */
  itemName: (item: T, index: number) => string;
  testId: string;
}

/** An editable list of the text rules: each entry edited in place, deleted, or a new one added. */
export function ListEditor<T>(props: ListEditorProps<T>) {
  const { items, onChange } = props;
  const update = (index: number) => (next: T) =>
    onChange(items.map((item, i) => (i === index ? next : item)));
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  return (
    <Stack spacing={1} data-testid={props.testId}>
      <div>
        <Typography variant="subtitle2">{props.title}</Typography>
        <Typography variant="caption" color="text.secondary">
          {props.help}
        </Typography>
      </div>
      {items.map((item, index) => (
        <Stack
          key={index}
          direction="row"
          spacing={1}
          sx={{ alignItems: 'flex-start' }}
          data-testid={`${props.testId}-row`}
        >
          <Stack direction="row" spacing={1} useFlexGap sx={{ flex: 1, flexWrap: 'wrap' }}>
            {props.renderItem(item, update(index), index)}
          </Stack>
          <Tooltip title={`Delete ${props.itemName(item, index)}`}>
            <IconButton
              aria-label={`Delete ${props.itemName(item, index)}`}
              onClick={() => remove(index)}
              sx={{ mt: 1 }}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Stack>
      ))}
      <div>
        <Button
          size="small"
          onClick={() => onChange([...items, props.blank()])}
          data-testid={`${props.testId}-add`}
        >
          {props.addLabel}
        </Button>
      </div>
    </Stack>
  );
}

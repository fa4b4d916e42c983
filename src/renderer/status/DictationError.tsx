import Alert from '@mui/material/Alert';
import type { SerializedError } from '../../shared/errors.js';

export function DictationError({ error }: { error: SerializedError }) {
  return (
    <Alert severity="warning" data-testid="dictation-error">
      {error.message}
      {error.hint ? ` ${error.hint}` : ''}
    </Alert>
  );
}

import Alert from '@mui/material/Alert';
import type { SerializedError } from '../../shared/errors.js';
import { MessageText } from '../common/MessageText.js';

export function DictationError({ error }: { error: SerializedError }) {
  return (
    <Alert severity="warning" data-testid="dictation-error">
      <MessageText message={error.message} hint={error.hint} />
    </Alert>
  );
}

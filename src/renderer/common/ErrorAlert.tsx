import Alert from '@mui/material/Alert';
import { MessageText } from './MessageText.js';

interface ErrorAlertProps {
  /** Nothing is shown while there is no error. */
  error: { message: string; hint?: string | undefined } | null | undefined;
  testId: string;
  /** Given: the alert has a close button. */
  onClose?: () => void;
}

/** An error in the window: what happened, then what to do about it. */
export function ErrorAlert({ error, testId, onClose }: ErrorAlertProps) {
  if (!error) return null;
  return (
    <Alert severity="error" data-testid={testId} {...(onClose ? { onClose } : {})}>
      <MessageText message={error.message} hint={error.hint} />
    </Alert>
  );
}

import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { MessageText } from './MessageText.js';
import { dismissNotice, useAppStore } from '../store/app-store.js';

/** The current notice; errors stay until closed or replaced, the rest fade out. */
export function NoticeSnackbar() {
  const notice = useAppStore((state) => state.notices[0]);
  if (!notice) return null;
  const close = () => dismissNotice(notice.id);
  return (
    <Snackbar
      key={notice.id}
      open
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      autoHideDuration={notice.level === 'error' ? null : 5000}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') close();
      }}
    >
      <Alert
        severity={notice.level}
        variant="filled"
        onClose={close}
        data-testid="notice"
        sx={{ maxWidth: 560 }}
      >
        <MessageText message={notice.message} hint={notice.hint} />
      </Alert>
    </Snackbar>
  );
}

import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { pushNotice, useAppStore, useCanAct } from '../store/app-store.js';
import { invoke } from '../store/requests.js';
import { CopyIcon } from './icons.js';

/**
 * Copies text through the app's clipboard; where the app has none it can use (a browser over the
 * bridge, a machine without a desktop session), through the page's own.
 */
export function CopyButton({ text, label = 'Copy text' }: { text: string; label?: string }) {
  const canAct = useCanAct();
  const appClipboard = useAppStore((state) => state.features.clipboard);

  const copy = async () => {
    if (appClipboard) {
      const response = await invoke({ type: 'copy_text', text });
      if (response.ok) {
        pushNotice({ level: 'success', message: 'Copied.' });
        return;
      }
      if (response.error.kind !== 'unavailable' || !navigator.clipboard) {
        const { message, hint } = response.error;
        pushNotice(hint === undefined ? { level: 'error', message } : { level: 'error', message, hint });
        return;
      }
    }
    try {
      await navigator.clipboard.writeText(text);
      pushNotice({ level: 'success', message: 'Copied.' });
    } catch (error) {
      pushNotice({
        level: 'error',
        message: `Could not copy: ${(error as Error).message}`,
        hint: 'Select the text and press Ctrl+C.',
      });
    }
  };

  return (
    <Tooltip title={label}>
      <span>
        <IconButton aria-label={label} onClick={() => void copy()} disabled={!canAct || text.length === 0}>
          <CopyIcon fontSize="small" />
        </IconButton>
      </span>
    </Tooltip>
  );
}

import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { RecordedSessionInfo, SessionExportFormat } from '../../shared/sessions.js';
import { pushNotice, useAppStore, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { ExportPathDialog } from './ExportPathDialog.js';
import { besideSession } from './session-details.js';

const FORMATS: readonly { format: SessionExportFormat; label: string }[] = [
  { format: 'vtt', label: 'WebVTT captions (.vtt)' },
  { format: 'srt', label: 'SubRip captions (.srt)' },
  { format: 'txt', label: 'Plain text (.txt)' },
];

/** Saves the session's captions where the user says: the desktop's save dialog, or a typed path. */
export function SessionExportMenu({ session }: { session: RecordedSessionInfo }) {
  const canAct = useCanAct();
  const saveDialog = useAppStore((state) => state.features.saveDialog === true);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [typing, setTyping] = useState<SessionExportFormat | null>(null);

  const save = async (format: SessionExportFormat, path?: string) => {
    const result = await request(
      path === undefined
        ? { type: 'session_export', sessionId: session.id, format }
        : { type: 'session_export', sessionId: session.id, format, path },
    );
    if (result?.path) pushNotice({ level: 'success', message: `Saved ${result.path}.` });
    return result !== null;
  };
  const choose = (format: SessionExportFormat) => {
    setAnchor(null);
    if (saveDialog) void save(format);
    else setTyping(format);
  };
  return (
    <>
      <Button
        size="small"
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={!canAct}
        aria-haspopup="menu"
        data-testid="session-export"
      >
        Export captions…
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {FORMATS.map(({ format, label }) => (
          <MenuItem key={format} onClick={() => choose(format)} data-testid={`session-export-${format}`}>
            {label}
          </MenuItem>
        ))}
      </Menu>
      {typing ? (
        <ExportPathDialog
          format={typing}
          initialPath={besideSession(session, `exported.${typing}`)}
          onCancel={() => setTyping(null)}
          onSave={(path) =>
            void save(typing, path).then((saved) => {
              if (saved) setTyping(null);
            })
          }
        />
      ) : null}
    </>
  );
}

import { useState } from 'react';
import type { RecordedSessionInfo, SessionExportFormat } from '../../shared/sessions.js';
import { FormatMenu } from '../common/FormatMenu.js';
import { pushNotice, useAppStore } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { ExportPathDialog } from './ExportPathDialog.js';
import { besideSession } from './session-details.js';

const FORMATS: readonly SessionExportFormat[] = ['vtt', 'srt', 'txt'];

/** Saves the session's captions where the user says: the desktop's save dialog, or a typed path. */
export function SessionExportMenu({ session }: { session: RecordedSessionInfo }) {
  const saveDialog = useAppStore((state) => state.features.saveDialog === true);
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
    if (saveDialog) void save(format);
    else setTyping(format);
  };
  return (
    <>
      <FormatMenu
        label="Export captions…"
        formats={FORMATS}
        itemTestId="session-export"
        buttonTestId="session-export"
        onChoose={choose}
      />
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

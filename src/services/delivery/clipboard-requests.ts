import type { AppHandlers } from '../../shared/app-protocol.js';
import { AppError } from '../../shared/errors.js';
import type { TextDelivery } from './index.js';
import { requireService } from '../request-handlers.js';

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

export const CLIPBOARD_REQUESTS = ['copy_text'] as const;

/** Copy buttons in the window (history entries, transcripts). */
export function clipboardHandlers(
  clipboard: ClipboardPort | undefined,
): AppHandlers<(typeof CLIPBOARD_REQUESTS)[number]> {
  return {
    copy_text: async (request) => {
      await requireService(
        clipboard,
        'Copying to the clipboard',
        'Select the text and press Ctrl+C.',
      ).writeText(request.text);
      return { copied: true };
    },
  };
}

/** Copying from the window and the tray through the delivery's copy-only mode. */
export function clipboardOf(delivery: TextDelivery): ClipboardPort {
  return {
    async writeText(text) {
      const result = await delivery.deliverText(text, { mode: 'copy' });
      if (!result.ok) {
        throw new AppError('unavailable', result.fallback?.message ?? 'The clipboard cannot be used here.', {
          ...(result.fallback?.hint ? { hint: result.fallback.hint } : {}),
        });
      }
    },
  };
}

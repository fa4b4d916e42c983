/** The paste chords the delivery code sends; which one depends on the platform and the target. */
export type PasteChord = 'ctrl+v' | 'ctrl+shift+v' | 'shift+Insert' | 'cmd+v';

/** Sends keystrokes to whatever window has keyboard focus. Methods throw AppError on failure. */
export interface KeySender {
  /** For logs and the result's `backend`, e.g. "xdotool". */
  readonly name: string;
  sendChord(chord: PasteChord): Promise<void>;
  typeText(text: string): Promise<void>;
}

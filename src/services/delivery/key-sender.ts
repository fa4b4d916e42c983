/** The paste chords the delivery code sends; which one depends on the platform and the target. */
export type PasteChord = 'ctrl+v' | 'ctrl+shift+v' | 'shift+Insert' | 'cmd+v';

/** A key sent after the text landed (a profile's "after"): send a chat message, run a command. */
export type AfterKey = 'enter' | 'ctrl+enter';

/** Every chord a key sender is asked for; backspace takes back a space before punctuation. */
export type KeyChord = PasteChord | AfterKey | 'backspace';

/** Sends keystrokes to whatever window has keyboard focus. Methods throw AppError on failure. */
export interface KeySender {
  /** For logs and the result's `backend`, e.g. "xdotool". */
  readonly name: string;
  sendChord(chord: KeyChord): Promise<void>;
  typeText(text: string): Promise<void>;
}

/** A key sender that runs a desktop tool (osascript, PowerShell, wtype, ...) in the session's environment. */
export abstract class ToolKeySender implements KeySender {
  abstract readonly name: string;

  constructor(
    protected readonly tool: string,
    protected readonly env: NodeJS.ProcessEnv,
  ) {}

  abstract sendChord(chord: KeyChord): Promise<void>;
  abstract typeText(text: string): Promise<void>;
}

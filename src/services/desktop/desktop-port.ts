/** What only a desktop shell can do (Electron's dialog and shell); absent in the headless server. */
export interface DesktopPort {
  /** Resolves with the chosen files, or none when the dialog was closed. */
  pickFiles(): Promise<string[]>;
  /** Opens the file with the desktop's default app; rejects with the reason when it cannot. */
  openPath(file: string): Promise<void>;
  showInFolder(file: string): void;
  /** The desktop's save dialog; resolves with the chosen path, or null when it was closed. */
  chooseSavePath?(options: { title: string; defaultPath: string; extension: string }): Promise<string | null>;
}

export const DESKTOP_ONLY_HINT =
  'Only the desktop app can do this; here, open the file from your file manager (its path is on the card).';

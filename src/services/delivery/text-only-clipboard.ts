import type {
  ClipboardAccess,
  ClipboardOffer,
  ClipboardSnapshot,
  ConsumptionOutcome,
} from './clipboard-access.js';

/**
 * A clipboard that holds one text format and gives no signal when another app reads it (macOS,
 * Windows from PowerShell): the paste flow waits a conservative delay, then restores only if the text
 * is still ours. A platform supplies how to read, write and check ownership.
 */
export abstract class TextOnlyClipboard implements ClipboardAccess {
  abstract readonly name: string;

  /** `tool`: the path of the scripting host the platform's clipboard is reached through. */
  constructor(
    protected readonly tool: string,
    protected readonly env: NodeJS.ProcessEnv,
  ) {}

  abstract save(): Promise<ClipboardSnapshot>;
  protected abstract write(data: Buffer): Promise<void>;
  /** A check, made right after the text was written, of whether the clipboard still holds it later. */
  protected abstract ownership(text: string): Promise<() => Promise<boolean>>;

  async restore(snapshot: ClipboardSnapshot): Promise<void> {
    await this.write(snapshot.entries[0]?.data ?? Buffer.alloc(0));
  }

  async writeText(text: string): Promise<void> {
    await this.write(Buffer.from(text, 'utf8'));
  }

  async offer(text: string): Promise<ClipboardOffer> {
    await this.writeText(text);
    const stillOurs = await this.ownership(text);
    return {
      observesConsumption: false,
      arm: () => undefined,
      waitForConsumption: (): Promise<ConsumptionOutcome> => Promise.resolve('no-signal'),
      firstReadAt: () => null,
      stillOurs,
      withdraw: () => this.write(Buffer.alloc(0)),
      persist: () => Promise.resolve(),
    };
  }
}

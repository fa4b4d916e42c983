import { EngineReply } from '../../../../shared/engine-protocol.js';

/**
 * What the engine said before it ended, for the "stopped unexpectedly" error: the error reports it
 * posted as messages (src/engine/engine-process.ts sends its fatal error before exiting), which
 * arrive, then the tail of its output, which may not: Electron removes a utility process's stdout and
 * stderr listeners as it emits 'exit'.
 */
export class ExitReport {
  private readonly reported: string[] = [];
  private output = '';

  constructor(private readonly maxChars = 8192) {}

  noteMessage(message: unknown): void {
    const candidate = message as { type?: unknown; level?: unknown } | null;
    if (candidate?.type !== 'log' || candidate.level !== 'error') return;
    const parsed = EngineReply.safeParse(message);
    if (!parsed.success || parsed.data.type !== 'log') return;
    const data = parsed.data.data ?? {};
    const cause = typeof data['message'] === 'string' ? `: ${data['message']}` : '';
    const detail = typeof data['detail'] === 'string' ? `\n${data['detail']}` : '';
    this.reported.push(`${parsed.data.message}${cause}${detail}`.slice(0, this.maxChars));
    if (this.reported.length > 3) this.reported.shift();
  }

  noteOutput(text: string): void {
    this.output = (this.output + text).slice(-this.maxChars);
  }

  text(): string {
    return [...this.reported, this.output.trim()].filter((part) => part.length > 0).join('\n');
  }
}

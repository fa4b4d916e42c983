// pino-roll ships no types; this is the part of its API the logger uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    mkdir?: boolean;
    limit?: { count: number; removeOtherLogFiles?: boolean };
  }
  export default function pinoRoll(
    options: PinoRollOptions,
  ): Promise<DestinationStream & { flushSync(): void }>;
}

import type { FileHandle } from 'node:fs/promises';

/** A read that would go past the end of the file: what was being read, and where. */
export class PastEndOfFile extends Error {
  constructor(
    readonly what: string,
    readonly length: number,
    readonly offset: number,
  ) {
    super(`${what} needs ${length} bytes at offset ${offset}`);
  }
}

/**
 * Sequential little-endian reads over a file, buffered in 16 KB blocks, that never read past the
 * end: a short file raises PastEndOfFile naming the field, so a truncated model is reported exactly.
 */
export class FileReader {
  position = 0;
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  get remaining(): number {
    return this.size - this.position;
  }

  async bytes(length: number, what: string): Promise<Buffer> {
    this.ensure(length, what);
    const end = this.position + length;
    if (this.position < this.bufferStart || end > this.bufferStart + this.buffer.length) {
      this.buffer = Buffer.alloc(Math.min(Math.max(length, 16 * 1024), this.size - this.position));
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.position);
      this.buffer = this.buffer.subarray(0, bytesRead);
      this.bufferStart = this.position;
      if (bytesRead < length) throw new PastEndOfFile(what, length, this.position);
    }
    const out = this.buffer.subarray(this.position - this.bufferStart, end - this.bufferStart);
    this.position = end;
    return out;
  }

  async int32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readInt32LE(0);
  }

  async uint32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readUInt32LE(0);
  }

  async float32s(count: number, what: string): Promise<Float32Array> {
    const raw = await this.bytes(count * 4, what);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = raw.readFloatLE(i * 4);
    return out;
  }

  skip(length: number, what: string): void {
    this.ensure(length, what);
    this.position += length;
  }

  private ensure(length: number, what: string): void {
    if (!Number.isSafeInteger(length) || length < 0 || this.position + length > this.size) {
      throw new PastEndOfFile(what, length, this.position);
    }
  }
}

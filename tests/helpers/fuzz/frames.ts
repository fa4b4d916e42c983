import net from 'node:net';
import type { Random } from './random.js';

/** A WebSocket frame that breaks RFC 6455, and the close codes the server may answer it with. */
export interface GarbageFrame {
  label: string;
  bytes: Buffer;
  closeCodes: readonly number[];
}

/** One client frame: masked unless told otherwise, with the true length unless one is forced. */
function frame(first: number, payload: Buffer, options: { mask?: boolean; length?: bigint } = {}): Buffer {
  const mask = options.mask ?? true;
  const length = options.length ?? BigInt(payload.length);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  header[1] = (header[1] ?? 0) | 0x80;
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] ?? 0)));
  return Buffer.concat([header, key, masked]);
}

const closePayload = (code: number, extra = Buffer.alloc(0)) => {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(code);
  return Buffer.concat([out, extra]);
};

/** Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate, a truncated sequence. */
export function badUtf8(random: Random): Buffer {
  const bad = random.pick([[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
  return Buffer.concat([
    Buffer.from('{"kind":"request","id":1,"request":"'),
    Buffer.from(bad),
    Buffer.from('"}'),
  ]);
}

export function garbageFrame(random: Random): GarbageFrame {
  const payload = random.bytes(random.int(40));
  const text = Buffer.from('{"kind":"request","id":1,"request":{"type":"get_state"}}');
  switch (random.int(11)) {
    case 0: {
      const opcode = random.pick([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]);
      return { label: `reserved opcode ${opcode}`, bytes: frame(0x80 | opcode, payload), closeCodes: [1002] };
    }
    case 1:
      return {
        label: 'reserved bits set',
        bytes: frame(0x81 | random.pick([0x40, 0x20, 0x10]), text),
        closeCodes: [1002],
      };
    case 2:
      return {
        label: 'unmasked client frame',
        bytes: frame(0x81, text, { mask: false }),
        closeCodes: [1002],
      };
    case 3:
      return {
        label: 'control frame over 125 bytes',
        bytes: frame(0x89, random.bytes(200)),
        closeCodes: [1002],
      };
    case 4:
      return { label: 'fragmented control frame', bytes: frame(0x09, payload), closeCodes: [1002] };
    case 5:
      return { label: 'continuation without a start', bytes: frame(0x80, text), closeCodes: [1002] };
    case 6:
      return {
        label: 'declared length of 2^40 bytes',
        bytes: frame(0x81, Buffer.alloc(0), { length: 2n ** 40n }),
        closeCodes: [1009],
      };
    case 7:
      return { label: 'text frame not UTF-8', bytes: frame(0x81, badUtf8(random)), closeCodes: [1007] };
    case 8: {
      const code = random.pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000]);
      return { label: `close code ${code}`, bytes: frame(0x88, closePayload(code)), closeCodes: [1002] };
    }
    case 9:
      return { label: 'close frame of one byte', bytes: frame(0x88, Buffer.from([3])), closeCodes: [1002] };
    default:
      return {
        label: 'new message inside a fragmented one',
        bytes: Buffer.concat([frame(0x01, text.subarray(0, 10)), frame(0x81, text)]),
        closeCodes: [1002],
      };
  }
}

/** A masked, well-formed text frame carrying `data` as is (the server decides whether it is UTF-8). */
export function textFrame(data: Buffer): Buffer {
  return frame(0x81, data);
}

/**
 * Opens a WebSocket by hand (the upgrade request over TCP), writes `bytes` as frames, and resolves
 * with the close code of the server's close frame (messages before it are skipped), 'refused' when the
 * upgrade was not accepted, or 'no close frame' when the socket ended without one.
 */
export function sendRawFrames(
  port: number,
  upgrade: { path: string; host: string; origin?: string },
  bytes: Buffer,
  timeoutMs = 20_000,
): Promise<number | 'refused' | 'no close frame' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const done = (outcome: number | 'refused' | 'no close frame' | 'timeout') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('connect', () => {
      const lines = [
        `GET ${upgrade.path} HTTP/1.1`,
        `Host: ${upgrade.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        ...(upgrade.origin ? [`Origin: ${upgrade.origin}`] : []),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buffer.subarray(0, end).toString('latin1').startsWith('HTTP/1.1 101')) return done('refused');
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        socket.write(bytes);
      }
      for (;;) {
        const parsed = readServerFrame(buffer);
        if (!parsed) return;
        buffer = buffer.subarray(parsed.size);
        if (parsed.opcode === 8)
          return done(parsed.payload.length >= 2 ? parsed.payload.readUInt16BE(0) : 1005);
      }
    });
    socket.on('close', () => done('no close frame'));
    socket.on('error', () => done('no close frame'));
  });
}

/** Server frames are unmasked; returns null until a whole frame is buffered. */
function readServerFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  const opcode = (buffer[0] ?? 0) & 0x0f;
  let length = (buffer[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return null;
  return { opcode, payload: buffer.subarray(offset, offset + length), size: offset + length };
}

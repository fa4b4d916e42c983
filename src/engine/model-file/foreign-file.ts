import { GGML_MAGIC } from './ggml-types.js';

/** Names what a file is when it does not start with the ggml magic, from its first bytes. */
export function describeForeignFile(head: Buffer): string {
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GGUF')) return 'a GGUF file (the llama.cpp format), not a whisper.cpp ggml model';
  if (head.length >= 4 && head.readUInt32BE(0) === GGML_MAGIC)
    return 'a ggml model written big-endian, which whisper.cpp cannot read';
  if (ascii.startsWith('PK\x03\x04'))
    return 'a ZIP archive (a PyTorch checkpoint?), not a whisper.cpp ggml model';
  if (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) {
    return 'a Python pickle (a PyTorch checkpoint?), not a whisper.cpp ggml model';
  }
  if (/^\s*<(!doctype|html|\?xml)/i.test(ascii)) {
    return 'a web page, not a whisper.cpp ggml model (a failed download?)';
  }
  if (/^\s*[{[]/.test(ascii)) return 'a JSON file, not a whisper.cpp ggml model';
  if (ascii.startsWith('\x08') && ascii.includes('onnx'))
    return 'an ONNX model, not a whisper.cpp ggml model';
  if (ascii.startsWith('ustar', 257))
    return 'a tar archive (a NeMo .nemo checkpoint?), not a whisper.cpp ggml model';
  return 'not a whisper.cpp ggml model (it does not start with the ggml magic bytes)';
}

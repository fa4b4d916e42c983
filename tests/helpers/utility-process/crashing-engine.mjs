// Stands in for an engine that hits a fatal error: like src/engine/engine-process.ts it reports the
// error as a message, writes to stderr, and exits 50 ms later.
process.send({
  type: 'log',
  timestamp: Date.now(),
  level: 'error',
  message: 'uncaught exception in the engine',
  data: { kind: 'internal', message: 'tensor blk.0.attn_q.weight extends past the end of the file' },
});
process.stderr.write('whisper_init: failed to load model\n');
setTimeout(() => process.exit(70), 50);

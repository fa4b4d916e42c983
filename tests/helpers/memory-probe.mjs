// Loaded into a process under test with `node --expose-gc --import memory-probe.mjs`: every
// MEMORY_PROBE_MS (default 2000) it runs a full garbage collection and writes what is still live to
// MEMORY_PROBE_DIR/<pid>.json. A leak is memory that survives a full collection; RSS alone also moves
// with when V8 chooses to collect and how the allocator keeps freed pages, so a soak judges this.
// Processes forked from it inherit the flags and write their own file.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.MEMORY_PROBE_DIR;
const gc = globalThis.gc;
if (dir && typeof gc === 'function') {
  const file = path.join(dir, `${process.pid}.json`);
  const write = () => {
    gc();
    const m = process.memoryUsage();
    const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
    const line = JSON.stringify({
      heapUsedMb: mb(m.heapUsed),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
      rssMb: mb(m.rss),
    });
    fs.writeFileSync(`${file}.tmp`, line);
    fs.renameSync(`${file}.tmp`, file);
  };
  setInterval(write, Number(process.env.MEMORY_PROBE_MS ?? 2000)).unref();
}

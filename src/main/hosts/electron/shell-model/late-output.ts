/**
 * Everything a utility process wrote to streams that were never given a 'data' listener (so nothing
 * was lost while nobody listened), including what still arrives after the exit: Electron removes the
 * streams' listeners as it emits 'exit' but its pipes keep writing into them. Waits up to waitMs for
 * both streams to end.
 */
export async function readRemainingOutput(
  streams: readonly (NodeJS.ReadableStream | null | undefined)[],
  waitMs = 500,
): Promise<string> {
  const parts = await Promise.all(
    streams.map(
      (stream) =>
        new Promise<string>((resolve) => {
          if (!stream) return resolve('');
          let text = '';
          const take = () => {
            for (let chunk: unknown = stream.read(); chunk !== null; chunk = stream.read())
              text += String(chunk);
          };
          const done = () => {
            clearTimeout(timer);
            stream.off('readable', take);
            take();
            resolve(text);
          };
          const timer = setTimeout(done, waitMs);
          take();
          if ((stream as { readableEnded?: boolean }).readableEnded) return done();
          stream.on('readable', take);
          stream.once('end', done);
        }),
    ),
  );
  return parts.join('');
}

/**
 * Runs `run` with this process's uncaught exceptions collected instead of reported, then waits
 * `settleMs` for late ones (a socket error is emitted a tick or two after the reset). Vitest's own
 * handlers are put back afterwards, so a test can assert that nothing escaped, as the app's main
 * process would have crashed (or shown its error dialog) on each.
 */
export async function collectUncaught(run: () => Promise<void>, settleMs = 300): Promise<Error[]> {
  const saved = process.listeners('uncaughtException');
  const caught: Error[] = [];
  const trap = (error: Error) => caught.push(error);
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', trap);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    process.off('uncaughtException', trap);
    for (const listener of saved) process.on('uncaughtException', listener);
  }
  return caught;
}

/** What the window shows once it has crashed too often to reload again, as a data: URL. */
export function rendererCrashPage(details: { reason: string; crashes: number; logsDir: string }): {
  url: string;
  message: string;
  hint: string;
} {
  const message = `The Dictation window crashed ${details.crashes} times in a row (${details.reason}), so it is not reloaded again for now.`;
  const hint =
    'Dictation keeps running: the hotkeys and the tray still work. To try the window again, choose "Open Dictation" in the tray or start Dictation again; if it keeps crashing, restart Dictation and look at the log.';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Dictation</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3em;max-width:40em;color:#222}code{background:#eee;padding:0 .3em}</style></head>
<body><h1>The window stopped working</h1><p>${escapeHtml(message)}</p><p>${escapeHtml(hint)}</p>
<p>The log is in <code>${escapeHtml(details.logsDir)}</code>.</p></body></html>`;
  return { url: `data:text/html;charset=utf-8,${encodeURIComponent(html)}`, message, hint };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

// A stand-in for the Electron module, for running the app's real main process (dist/src/main/index.js)
// under plain Node where no Electron binary exists. It implements the part of Electron's API the shell
// calls, records what the shell does (window options, tray, IPC sends, notifications) and reports it to
// the test over the fork IPC channel; the test drives it back (IPC invokes, shortcut presses).
// Utility processes are real: child_process.fork of the same entry, so the real engine runs.
// What it cannot show: Chromium itself (rendering, CSP enforcement, the sandbox) - the Playwright
// Electron test (tests/e2e/electron-shell.test.ts) covers that where a binary exists.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The shell's macOS paths (login item, microphone access) run here when a test asks for them: from
// 'ready' on, so the native modules the app loads at import time still load this machine's binaries.
// Only the main process sees it: utility processes are plain Node children.
const pretendPlatform = () => {
  if (process.env.STAND_IN_PLATFORM)
    Object.defineProperty(process, 'platform', { value: process.env.STAND_IN_PLATFORM });
};
// As in `electron .`: argv[1] is the app, not a file to open.
process.defaultApp = true;
// Electron sets this in every process; the updater looks for app-update.yml there.
if (!process.resourcesPath) process.resourcesPath = path.join(os.tmpdir(), 'dictation-stand-in-resources');

// process.exit drops IPC messages still queued: exits wait until every report has been sent.
let unsent = 0;
const whenSent = [];
const report = (event) => {
  if (!process.connected) return;
  unsent++;
  process.send({ standIn: true, ...event }, () => {
    unsent--;
    if (unsent === 0) for (const done of whenSent.splice(0)) done();
  });
};
const afterReports = (done) => (unsent === 0 ? done() : whenSent.push(done));
const cancellable = () => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

const windows = new Set();
const handlers = new Map();
const shortcuts = new Map();
const sessionHandlers = {};

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this.ready = false;
    this.paths = new Map();
    this.commandLine = { appendSwitch: (name, value) => report({ type: 'switch', name, value }) };
    this.readyPromise = new Promise((resolve) =>
      setTimeout(() => {
        pretendPlatform();
        this.ready = true;
        this.emit('ready');
        resolve();
      }, 10),
    );
  }
  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return this.ready;
  }
  requestSingleInstanceLock() {
    return true;
  }
  releaseSingleInstanceLock() {
    report({ type: 'single_instance_released' });
  }
  setPath(name, value) {
    this.paths.set(name, value);
    report({ type: 'set_path', name, value });
  }
  getPath(name) {
    return this.paths.get(name);
  }
  getAppPath() {
    return process.env.STAND_IN_APP_PATH;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  setAppUserModelId() {}
  setAsDefaultProtocolClient() {
    return true;
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: process.env.STAND_IN_OPENED_AT_LOGIN === '1' };
  }
  setLoginItemSettings() {}
  getAppMetrics() {
    return [];
  }
  /** As Electron: before-quit (cancellable), every window closed (each may refuse), will-quit, quit. */
  quit() {
    const event = cancellable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return report({ type: 'quit_deferred' });
    for (const window of [...windows]) {
      window.close();
      if (!window.isDestroyed()) return report({ type: 'quit_aborted_by_window' });
    }
    this.emit('will-quit', cancellable());
    this.emit('quit', cancellable(), 0);
    report({ type: 'quit' });
    afterReports(() => setImmediate(() => process.exit(0)));
  }
  exit(code) {
    report({ type: 'exit', code });
    afterReports(() => process.exit(code));
  }
}
const app = new App();

class WebContents extends EventEmitter {
  constructor(window) {
    super();
    this.window = window;
    this.url = '';
    this.loading = false;
    this.mainFrame = { url: '' };
  }
  send(channel, payload) {
    report({ type: 'send', channel, payload });
  }
  isDestroyed() {
    return this.window.destroyed;
  }
  isLoading() {
    return this.loading;
  }
  getURL() {
    return this.url;
  }
  executeJavaScript(code) {
    report({ type: 'execute_javascript', code });
    return Promise.resolve();
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  constructor(options) {
    super();
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.webContents = new WebContents(this);
    windows.add(this);
    report({ type: 'window_created', webPreferences: options.webPreferences, show: options.show });
    app.emit('web-contents-created', cancellable(), this.webContents);
  }
  loadFile(file) {
    this.webContents.loading = true;
    this.webContents.url = pathToFileURL(file).href;
    this.webContents.mainFrame.url = this.webContents.url;
    report({ type: 'load_file', file, exists: existsSync(file) });
    return new Promise((resolve) =>
      setTimeout(() => {
        this.webContents.loading = false;
        this.webContents.emit('did-finish-load');
        this.emit('ready-to-show');
        resolve();
      }, 20),
    );
  }
  loadURL(url) {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    report({ type: 'load_url', url });
    return Promise.resolve();
  }
  removeMenu() {}
  show() {
    this.visible = true;
    report({ type: 'window_shown' });
  }
  hide() {
    this.visible = false;
    report({ type: 'window_hidden' });
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const event = cancellable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.destroyed = false;
    report({ type: 'tray_created', image: image.path ?? null });
  }
  setImage(image) {
    report({ type: 'tray_image', image: image.path ?? null, empty: image.isEmpty() });
  }
  setToolTip(tooltip) {
    report({ type: 'tray_tooltip', tooltip });
  }
  setContextMenu(menu) {
    this.menu = menu;
    report({ type: 'tray_menu', labels: menu.template.map((item) => item.label ?? '-') });
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    report({ type: 'tray_destroyed' });
  }
}

const image = (file, empty) => ({ path: file, isEmpty: () => empty, setTemplateImage() {} });

/**
 * As Electron's (lib/browser/api/utility-process.ts): stdout and stderr are PassThrough streams fed
 * from the child's pipes, and on 'exit' every listener on them is removed, so output that arrives after
 * the exit is lost. STAND_IN_PIPE_DELAY_MS holds pipe data back that long, which makes the ordering
 * Electron allows (the exit comes over its own channel, before the last output) happen every time.
 */
class UtilityProcess extends EventEmitter {
  constructor(modulePath, args, options = {}) {
    super();
    this.serviceName = options.serviceName;
    this.child = fork(modulePath, args ?? [], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const piped = options.stdio === 'pipe';
    this.stdout = piped ? new PassThrough() : null;
    this.stderr = piped ? new PassThrough() : null;
    const delayMs = Number(process.env.STAND_IN_PIPE_DELAY_MS ?? 0);
    // Electron's pipe into the PassThrough outlives the exit (only the getters return null after it).
    const forward = (from, to) => {
      if (!to) return;
      const later = (work) => (delayMs > 0 ? setTimeout(work, delayMs) : work());
      from.on('data', (chunk) => later(() => to.write(chunk)));
      from.on('end', () => later(() => to.end()));
    };
    forward(this.child.stdout, this.stdout);
    forward(this.child.stderr, this.stderr);
    this.child.on('spawn', () => {
      report({ type: 'utility_spawned', serviceName: this.serviceName, pid: this.child.pid });
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      report({ type: 'utility_exited', serviceName: this.serviceName, pid: this.child.pid, code, signal });
      try {
        this.emit('exit', code ?? (signal ? 1 : 0));
      } finally {
        for (const name of ['stdout', 'stderr']) {
          this[name]?.removeAllListeners();
          this[name] = null;
        }
      }
    });
  }
  get pid() {
    return this.child.pid;
  }
  postMessage(message) {
    this.child.send(message);
  }
  kill() {
    return this.child.kill('SIGTERM');
  }
}

export { app, BrowserWindow, Tray };
export const Menu = { buildFromTemplate: (template) => ({ template }) };
export const nativeImage = {
  createFromPath: (file) => image(file, !existsSync(file)),
  createEmpty: () => image(null, true),
};
export const nativeTheme = { shouldUseDarkColors: false };
export const ipcMain = {
  handle: (channel, handler) => handlers.set(channel, handler),
  removeHandler: (channel) => handlers.delete(channel),
};
export const globalShortcut = {
  register(accelerator, callback) {
    const taken = process.env.STAND_IN_TAKEN_SHORTCUT === accelerator;
    report({ type: 'shortcut_register', accelerator, ok: !taken });
    if (!taken) shortcuts.set(accelerator, callback);
    return !taken;
  },
  unregister: (accelerator) => shortcuts.delete(accelerator),
  unregisterAll: () => shortcuts.clear(),
};
export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived: (listener) => {
        // A start-up that fails inside the shell, for the test of what the user is shown.
        if (process.env.STAND_IN_FAIL_SESSION === '1')
          throw new Error('stand-in: the session is unavailable');
        sessionHandlers.headers = listener;
      },
    },
    setPermissionRequestHandler: (handler) => (sessionHandlers.permission = handler),
    setPermissionCheckHandler: (handler) => (sessionHandlers.permissionCheck = handler),
    setDevicePermissionHandler: (handler) => (sessionHandlers.device = handler),
    setDisplayMediaRequestHandler: (handler) => (sessionHandlers.displayMedia = handler),
    on() {},
  },
};
export const utilityProcess = {
  fork: (modulePath, args, options) => new UtilityProcess(modulePath, args, options),
};
export const clipboard = {
  text: '',
  writeText(text) {
    this.text = text;
    report({ type: 'clipboard', text });
  },
  readText() {
    return this.text;
  },
};
export const dialog = {
  showMessageBox: (options) => {
    report({ type: 'message_box', message: options.message });
    return Promise.resolve({ response: options.cancelId ?? 0 });
  },
  showErrorBox: (title, content) => report({ type: 'error_box', title, content }),
};
/** Weak, as Electron's own reference to a main-process Notification is: the app must hold it. */
const notificationRefs = [];
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
    notificationRefs.push(new WeakRef(this));
  }
  show() {
    report({ type: 'notification', title: this.options.title, body: this.options.body });
  }
}
export const systemPreferences = {
  getMediaAccessStatus(mediaType) {
    const status = process.env.STAND_IN_MEDIA_ACCESS ?? 'granted';
    report({ type: 'media_access_status', mediaType, status });
    return status;
  },
  askForMediaAccess(mediaType) {
    const granted = process.env.STAND_IN_MEDIA_ANSWER === 'allow';
    report({ type: 'media_access_asked', mediaType, granted });
    return Promise.resolve(granted);
  },
};
export const shell = {
  openExternal: (url) => {
    report({ type: 'open_external', url });
    return Promise.resolve();
  },
};
export const autoUpdater = new EventEmitter();
/**
 * Like a Linux session without a keyring: no encryption available (the app then refuses to store an
 * API key rather than keep it in plain text). The real cipher cannot run here.
 */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('Encryption is not available.');
  },
  decryptString: () => {
    throw new Error('Encryption is not available.');
  },
};

/** The window's IPC event: its own main frame by default; or a main frame at another URL; or a sub-frame. */
function ipcEvent(command) {
  const window = [...windows][0];
  const mainFrame = window ? window.webContents.mainFrame : { url: '' };
  if (command.subFrame) return { senderFrame: { url: command.url ?? mainFrame.url }, sender: { mainFrame } };
  if (command.url !== undefined) {
    const frame = { url: command.url };
    return { senderFrame: frame, sender: { mainFrame: frame } };
  }
  return { senderFrame: mainFrame, sender: { mainFrame } };
}

// The test's side: requests arrive on the fork channel.
process.on('message', (command) => {
  if (!command || command.standInCommand !== true) return;
  const answer = (result) => report({ type: 'answer', id: command.id, result });
  const fail = (error) => report({ type: 'answer', id: command.id, error: String(error?.stack ?? error) });
  try {
    switch (command.name) {
      case 'invoke':
        Promise.resolve(handlers.get(command.channel)(ipcEvent(command), command.payload)).then(answer, fail);
        return;
      case 'press_shortcut': {
        const callback = shortcuts.get(command.accelerator);
        if (!callback) return answer({ pressed: false });
        callback();
        return answer({ pressed: true });
      }
      case 'permission':
        return sessionHandlers.permission(
          { getURL: () => 'file:///page' },
          command.permission,
          (granted) => answer({ granted }),
          {},
        );
      case 'headers':
        return sessionHandlers.headers({ responseHeaders: command.headers }, (response) => answer(response));
      case 'navigate': {
        const window = [...windows][0];
        const event = cancellable();
        window.webContents.emit('will-navigate', event, command.url);
        const opened = window.webContents.windowOpenHandler({ url: command.url });
        return answer({ navigationBlocked: event.defaultPrevented, windowOpen: opened.action });
      }
      case 'notifications_alive': {
        // Needs node --expose-gc: collect, then count the notifications the app still holds.
        if (typeof globalThis.gc !== 'function') return fail(new Error('run with --expose-gc'));
        globalThis.gc();
        return setTimeout(() => {
          globalThis.gc();
          const alive = notificationRefs.map((ref) => ref.deref()).filter(Boolean);
          answer({ created: notificationRefs.length, alive: alive.length });
        }, 0);
      }
      case 'click_notification': {
        const latest = notificationRefs
          .map((ref) => ref.deref())
          .filter(Boolean)
          .at(-1);
        if (!latest) return answer({ clicked: false });
        latest.emit('click', cancellable());
        return answer({ clicked: true });
      }
      case 'before_quit_for_update':
        autoUpdater.emit('before-quit-for-update');
        return answer({ emitted: true });
      case 'renderer_gone':
        [...windows][0]?.webContents.emit('render-process-gone', cancellable(), {
          reason: command.reason ?? 'crashed',
          exitCode: 139,
        });
        return answer({ emitted: true });
      case 'close_window':
        [...windows][0]?.close();
        return answer({ windows: windows.size, visible: [...windows][0]?.isVisible() ?? false });
      case 'hook':
        return answer(globalThis.__dictationTest?.[command.hook]?.() ?? null);
      case 'quit':
        app.quit();
        return answer({ asked: true });
    }
    fail(new Error(`unknown stand-in command ${command.name}`));
  } catch (error) {
    fail(error);
  }
});

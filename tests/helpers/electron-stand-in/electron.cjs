// A stand-in for the Electron module, for running the app's real main process (dist/src/main/index.js)
// under plain Node where no Electron binary exists. It implements the part of Electron's API the shell
// calls, records what the shell does (window options, tray, IPC sends, notifications) and reports it to
// the test over the fork IPC channel; the test drives it back (IPC invokes, shortcut presses).
// Utility processes are real: child_process.fork of the same entry, so the real engine runs.
// What it cannot show: Chromium itself (rendering, CSP enforcement, the sandbox) - the Playwright
// Electron test (tests/e2e/electron-shell.test.ts) covers that where a binary exists.
'use strict';
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const { existsSync } = require('node:fs');
const { pathToFileURL } = require('node:url');

const report = (event) => {
  if (process.connected) process.send({ standIn: true, ...event });
};
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
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  setLoginItemSettings() {}
  getAppMetrics() {
    return [];
  }
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
    setImmediate(() => process.exit(0));
  }
  exit(code) {
    report({ type: 'exit', code });
    process.exit(code);
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

const image = (path, empty) => ({ path, isEmpty: () => empty, setTemplateImage() {} });

class UtilityProcess extends EventEmitter {
  constructor(modulePath, args, options = {}) {
    super();
    this.serviceName = options.serviceName;
    this.child = fork(modulePath, args ?? [], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('spawn', () => {
      report({ type: 'utility_spawned', serviceName: this.serviceName, pid: this.child.pid });
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      report({ type: 'utility_exited', serviceName: this.serviceName, pid: this.child.pid, code, signal });
      this.emit('exit', code ?? (signal ? 1 : 0));
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

exports.app = app;
exports.BrowserWindow = BrowserWindow;
exports.Tray = Tray;
exports.Menu = { buildFromTemplate: (template) => ({ template }) };
exports.nativeImage = {
  createFromPath: (path) => image(path, !existsSync(path)),
  createEmpty: () => image(null, true),
};
exports.nativeTheme = { shouldUseDarkColors: false };
exports.ipcMain = {
  handle: (channel, handler) => handlers.set(channel, handler),
  removeHandler: (channel) => handlers.delete(channel),
};
exports.globalShortcut = {
  register(accelerator, callback) {
    const taken = process.env.STAND_IN_TAKEN_SHORTCUT === accelerator;
    report({ type: 'shortcut_register', accelerator, ok: !taken });
    if (!taken) shortcuts.set(accelerator, callback);
    return !taken;
  },
  unregister: (accelerator) => shortcuts.delete(accelerator),
  unregisterAll: () => shortcuts.clear(),
};
exports.session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (listener) => (sessionHandlers.headers = listener) },
    setPermissionRequestHandler: (handler) => (sessionHandlers.permission = handler),
    setPermissionCheckHandler: (handler) => (sessionHandlers.permissionCheck = handler),
    setDevicePermissionHandler: (handler) => (sessionHandlers.device = handler),
    setDisplayMediaRequestHandler: (handler) => (sessionHandlers.displayMedia = handler),
    on() {},
  },
};
exports.utilityProcess = { fork: (modulePath, args, options) => new UtilityProcess(modulePath, args, options) };
exports.clipboard = {
  text: '',
  writeText(text) {
    this.text = text;
    report({ type: 'clipboard', text });
  },
  readText() {
    return this.text;
  },
};
exports.dialog = {
  showMessageBox: (options) => {
    report({ type: 'message_box', message: options.message });
    return Promise.resolve({ response: options.cancelId ?? 0 });
  },
  showErrorBox: (title, content) => report({ type: 'error_box', title, content }),
};
class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    report({ type: 'notification', title: this.options.title, body: this.options.body });
  }
}
exports.Notification = Notification;
exports.shell = { openExternal: (url) => (report({ type: 'open_external', url }), Promise.resolve()) };
exports.autoUpdater = new EventEmitter();

// The test's side: requests arrive on the fork channel.
process.on('message', (command) => {
  if (!command || command.standInCommand !== true) return;
  const answer = (result) => report({ type: 'answer', id: command.id, result });
  const fail = (error) => report({ type: 'answer', id: command.id, error: String(error && error.stack ? error.stack : error) });
  try {
    switch (command.name) {
      case 'invoke': {
        // The window's own main frame by default; or a frame at another URL; or a sub-frame.
        const window = [...windows][0];
        const mainFrame = window ? window.webContents.mainFrame : { url: '' };
        let event;
        if (command.subFrame) event = { senderFrame: { url: command.url ?? mainFrame.url }, sender: { mainFrame } };
        else if (command.url !== undefined) {
          const frame = { url: command.url };
          event = { senderFrame: frame, sender: { mainFrame: frame } };
        } else event = { senderFrame: mainFrame, sender: { mainFrame } };
        Promise.resolve(handlers.get(command.channel)(event, command.payload)).then(answer, fail);
        return;
      }
      case 'press_shortcut': {
        const callback = shortcuts.get(command.accelerator);
        if (!callback) return answer({ pressed: false });
        callback();
        return answer({ pressed: true });
      }
      case 'permission':
        return sessionHandlers.permission({ getURL: () => 'file:///page' }, command.permission, (granted) => answer({ granted }), {});
      case 'headers':
        return sessionHandlers.headers({ responseHeaders: command.headers }, (response) => answer(response));
      case 'navigate': {
        const window = [...windows][0];
        const event = cancellable();
        window.webContents.emit('will-navigate', event, command.url);
        const opened = window.webContents.windowOpenHandler({ url: command.url });
        return answer({ navigationBlocked: event.defaultPrevented, windowOpen: opened.action });
      }
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

import { existsSync } from 'node:fs';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { Logger } from '../../../services/logging/logger.js';
import type { RuntimeLayout, TrayState } from './packaging/runtime-layout.js';
import type { TrayPort } from './shell-model/tray-presenter.js';
import type { TrayAction, TrayMenuItem, TrayView } from './shell-model/tray-view.js';

export interface AppTray extends TrayPort {
  readonly tray: Tray;
  /** What is shown now (for the test hook and diagnostics). */
  readonly current: TrayView | null;
  destroy(): void;
}

export interface TrayHandlers {
  onAction(action: TrayAction): void;
  onCopy(text: string): void;
  /** A left click on the icon (Windows, most Linux trays). */
  onClick(): void;
}

/** The tray icon and its menu; drawn from a TrayView (src/main/shell-model/tray-view.ts). */
export function createAppTray(layout: RuntimeLayout, handlers: TrayHandlers, logger: Logger): AppTray {
  const images = new Map<TrayState, NativeImage>();
  const imageFor = (state: TrayState): NativeImage => {
    let image = images.get(state);
    if (!image) {
      const file = layout.trayIcon(state);
      image = existsSync(file) ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
      if (image.isEmpty())
        logger.warn({ event: 'tray_icon_missing', file }, 'tray icon missing; the tooltip tells the state');
      if (process.platform === 'darwin') image.setTemplateImage(true);
      images.set(state, image);
    }
    return image;
  };

  const tray = new Tray(imageFor('idle'));
  tray.on('click', () => handlers.onClick());
  let current: TrayView | null = null;
  let shownIcon: TrayState | null = null;

  const toTemplate = (items: readonly TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'info':
          return { label: menuText(item.label), enabled: false };
        case 'action':
          return {
            label: menuText(item.label),
            enabled: item.enabled,
            click: () => handlers.onAction(item.action),
          };
        case 'copy':
          return { label: menuText(item.label), click: () => handlers.onCopy(item.text) };
        case 'submenu':
          return { label: menuText(item.label), submenu: toTemplate(item.items) };
      }
    });

  return {
    tray,
    get current() {
      return current;
    },
    render(view) {
      if (tray.isDestroyed()) return;
      if (view.icon !== shownIcon) {
        tray.setImage(imageFor(view.icon));
        shownIcon = view.icon;
      }
      if (view.tooltip !== current?.tooltip) tray.setToolTip(view.tooltip);
      if (JSON.stringify(view.menu) !== JSON.stringify(current?.menu)) {
        tray.setContextMenu(Menu.buildFromTemplate(toTemplate(view.menu)));
      }
      current = view;
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/** Menu labels treat & as a mnemonic marker on Windows and Linux. */
function menuText(label: string): string {
  return label.replace(/&/g, '&&');
}

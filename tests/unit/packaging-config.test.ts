import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  APP_ID,
  AUDIO_FILE_EXTENSIONS,
  EXECUTABLE_NAME,
  PRODUCT_NAME,
  PROTOCOL_SCHEME,
} from '../../src/main/hosts/electron/packaging/app-identity.js';
import {
  runtimeLayout,
  trayIconFile,
  unpackedPath,
} from '../../src/main/hosts/electron/packaging/runtime-layout.js';
import { projectRoot } from '../helpers/fixtures.js';

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string };
  asarUnpack: string[];
  afterPack: string;
  protocols: { schemes: string[] }[];
  fileAssociations: { ext: string[]; mimeType: string }[];
  linux: { target: string[]; executableName: string; icon: string };
  mac: { target: string[]; icon: string; entitlements: string; extendInfo: Record<string, string> };
  win: { target: string[]; icon: string };
}

const config = parseYaml(
  readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8'),
) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  productName: string;
};

describe('electron-builder.yml', () => {
  it('names the app as the code does', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(config.linux.executableName).toBe(EXECUTABLE_NAME);
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([PROTOCOL_SCHEME]);
  });

  it('registers "Open with" for exactly the audio and video types the app accepts', () => {
    expect(config.fileAssociations.flatMap((a) => a.ext)).toEqual([...AUDIO_FILE_EXTENSIONS]);
    for (const association of config.fileAssociations)
      expect(association.mimeType).toMatch(/^(audio|video)\//);
  });

  it('builds AppImage and deb, dmg (with the zip macOS updates install from) and NSIS, each with its icon', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    // electron-updater's MacUpdater looks for the zip only: without it no macOS update installs.
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    const resources = path.join(projectRoot, config.directories.buildResources);
    expect(existsSync(path.join(resources, config.mac.icon))).toBe(true);
    expect(existsSync(path.join(resources, config.win.icon))).toBe(true);
    expect(existsSync(path.join(projectRoot, config.linux.icon, '512x512.png'))).toBe(true);
    expect(existsSync(path.join(projectRoot, config.afterPack))).toBe(true);
  });

  it('asks macOS for the microphone and Apple Events, with reasons and entitlements', () => {
    expect(config.mac.extendInfo['NSMicrophoneUsageDescription']).toMatch(/never leaves/);
    expect(config.mac.extendInfo['NSAppleEventsUsageDescription']).toMatch(/paste/);
    const entitlements = readFileSync(path.join(projectRoot, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.device.audio-input</key>');
    expect(entitlements).toContain('<key>com.apple.security.automation.apple-events</key>');
  });

  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack).toContain('**/*.node');
  });
});

describe('runtimeLayout', () => {
  const root = path.join('/opt', 'Dictation', 'resources', 'app.asar');

  it('gives each platform its kind of tray image', () => {
    expect(trayIconFile('recording', 'darwin')).toBe('recordingTemplate.png');
    expect(trayIconFile('recording', 'win32')).toBe('recording.ico');
    expect(trayIconFile('recording', 'linux')).toBe('recording.png');
    expect(runtimeLayout(root, 'linux').trayIcon('error')).toBe(
      path.join(root, 'assets', 'tray', 'error.png'),
    );
    expect(runtimeLayout(root, 'win32').windowIcon).toBe(path.join(root, 'assets', 'window', 'icon.ico'));
  });

  it('maps a path inside app.asar to its unpacked copy, and leaves other paths alone', () => {
    expect(unpackedPath(path.join(root, 'native', 'a.node'))).toBe(
      path.join('/opt', 'Dictation', 'resources', 'app.asar.unpacked', 'native', 'a.node'),
    );
    expect(unpackedPath('/home/ada/dictation/native/a.node')).toBe('/home/ada/dictation/native/a.node');
    expect(unpackedPath('/home/ada/app.asar.d/x')).toBe('/home/ada/app.asar.d/x');
  });
});

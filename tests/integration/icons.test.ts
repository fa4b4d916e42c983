import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_STATES, trayIconFile } from '../../src/main/hosts/electron/packaging/runtime-layout.js';
import { makeTempDir, projectRoot } from '../helpers/fixtures.js';
import { decodePng } from '../helpers/png.js';

// The real script renders the real source image; the committed icons must be exactly its output.
const assets = path.join(projectRoot, 'assets');
const temp = makeTempDir('dictation-icons-');
const generated = (...parts: string[]) => path.join(temp.dir, ...parts);
const committed = (...parts: string[]) => path.join(assets, ...parts);

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** ICO entries: declared size and the size the embedded PNG or BMP really has. */
function icoEntries(file: string): { declared: number; actual: number; format: 'png' | 'bmp' }[] {
  const buf = readFileSync(file);
  expect([buf.readUInt16LE(0), buf.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: buf.readUInt16LE(4) }, (_, n) => {
    const entry = 6 + 16 * n;
    const declared = buf[entry] || 256;
    const body = buf.subarray(
      buf.readUInt32LE(entry + 12),
      buf.readUInt32LE(entry + 12) + buf.readUInt32LE(entry + 8),
    );
    if (body.readUInt32BE(0) === 0x89504e47)
      return { declared, actual: decodePng(body).width, format: 'png' };
    expect(body.readUInt32LE(0)).toBe(40); // BITMAPINFOHEADER
    expect(body.readInt32LE(8)).toBe(body.readInt32LE(4) * 2);
    expect(body.readUInt16LE(14)).toBe(32);
    return { declared, actual: body.readInt32LE(4), format: 'bmp' };
  });
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'make-icons.mjs'), '--out', temp.dir]);
});
afterAll(() => temp.cleanup());

describe('icons', () => {
  it('are exactly what scripts/make-icons.mjs makes from assets/icon.svg (run it after changing the SVG)', () => {
    const made = listFiles(temp.dir).sort();
    expect(made.length).toBeGreaterThan(30);
    for (const file of made) {
      expect(readFileSync(committed(file)).equals(readFileSync(generated(file))), file).toBe(true);
    }
    // No stale icon lingers in the generated folders.
    for (const dir of ['build/icons', 'tray', 'window']) {
      expect(
        listFiles(committed(dir))
          .map((f) => `${dir}/${f}`)
          .sort(),
      ).toEqual(made.filter((f) => f.startsWith(`${dir}/`)));
    }
  });

  it('give Linux a PNG per size up to 1024 px, each the size its name says', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = decodePng(readFileSync(generated('build', 'icons', `${size}x${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
  });

  it('give Windows an .ico up to 256 px (BMP entries below 256, as every loader reads them)', () => {
    const entries = icoEntries(generated('build', 'icon.ico'));
    for (const entry of entries) expect(entry.actual).toBe(entry.declared);
    expect(entries.map((e) => e.declared)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(entries.map((e) => e.format)).toEqual(['bmp', 'bmp', 'bmp', 'bmp', 'bmp', 'bmp', 'png']);
    // BMP entries carry the straight alpha of the PNG rendering (resvg's pixels are premultiplied).
    const ico = readFileSync(generated('build', 'icon.ico'));
    const bmp32 = ico.subarray(ico.readUInt32LE(6 + 16 * 2 + 12));
    const png32 = decodePng(readFileSync(generated('build', 'icons', '32x32.png')));
    const row = 16; // BMP rows run bottom-up, pixels are BGRA
    for (let x = 0; x < 32; x++) {
      const bmp = bmp32.subarray(40 + ((31 - row) * 32 + x) * 4);
      const png = png32.rgba.subarray((row * 32 + x) * 4);
      expect([bmp[2], bmp[1], bmp[0], bmp[3]]).toEqual([png[0], png[1], png[2], png[3]]);
    }
  });

  it('give macOS an .icns with every slot up to 1024 px', () => {
    const buf = readFileSync(generated('build', 'icon.icns'));
    expect(buf.toString('ascii', 0, 4)).toBe('icns');
    expect(buf.readUInt32BE(4)).toBe(buf.length);
    const sizes = new Map<string, number>();
    for (let offset = 8; offset < buf.length; offset += buf.readUInt32BE(offset + 4)) {
      const png = decodePng(buf.subarray(offset + 8, offset + buf.readUInt32BE(offset + 4)));
      sizes.set(buf.toString('ascii', offset, offset + 4), png.width);
    }
    expect(Object.fromEntries(sizes)).toEqual({
      icp4: 16,
      icp5: 32,
      ic11: 32,
      icp6: 64,
      ic12: 64,
      ic07: 128,
      ic08: 256,
      ic13: 256,
      ic09: 512,
      ic14: 512,
      ic10: 1024,
    });
  });

  it('give each tray state its own image on every platform; macOS templates are black with alpha', () => {
    const seen = new Set<string>();
    for (const state of TRAY_STATES) {
      for (const platform of ['linux', 'darwin'] as const) {
        const name = trayIconFile(state, platform);
        const one = decodePng(readFileSync(generated('tray', name)));
        const two = decodePng(readFileSync(generated('tray', name.replace('.png', '@2x.png'))));
        expect(two.width).toBe(one.width * 2);
        const opaque = one.rgba.filter((_, i) => i % 4 === 3 && one.rgba[i]! > 0).length;
        expect(opaque).toBeGreaterThan(one.width); // something is drawn
        if (platform === 'darwin') {
          expect(one.rgba.every((v, i) => i % 4 === 3 || v === 0)).toBe(true);
        }
        seen.add(Buffer.from(one.rgba).toString('base64'));
      }
      const ico = icoEntries(generated('tray', trayIconFile(state, 'win32')));
      expect(ico.map((e) => e.actual)).toEqual([16, 20, 24, 32, 40, 48]);
    }
    expect(seen.size).toBe(TRAY_STATES.length * 2);
  });
});

#!/usr/bin/env node
// Renders every icon the app and its installers use from the one source image, assets/icon.svg:
//   assets/build/icons/NxN.png   Linux app icons (AppImage, deb)          16 ... 1024 px
//   assets/build/icon.ico        Windows app and installer icon           16 ... 256 px
//   assets/build/icon.icns       macOS app icon                           16 ... 1024 px
//   assets/window/icon.{png,ico} the window's own icon (Linux, Windows)
//   assets/tray/<state>...       tray icons for idle, listening, recording, transcribing, error:
//                                <state>.png + @2x (Linux), <state>Template.png + @2x (macOS menu
//                                bar: black with alpha, the state shown by the badge's shape),
//                                <state>.ico (Windows)
// The SVG is rasterised with resvg (WebAssembly, from npm); ICO and ICNS containers are written here.
// Output is deterministic, so a test can check the committed icons are what this script makes.
//
// Usage: node scripts/make-icons.mjs [--out <dir>]   (default: assets/)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'assets', 'icon.svg');

const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
/** ICNS element types holding PNG data, by pixel size (several types share a size: 1x and 2x slots). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

/** The glyph's square in the source's coordinates, with room for a badge at its top right. */
const TRAY_VIEWBOX = '172 182 680 680';
const BADGE = { cx: 748, cy: 286, r: 100 };

const TRAY_STATES = {
  idle: { color: '#6366f1', badge: null },
  listening: { color: '#22c55e', badge: 'ring' },
  recording: { color: '#ef4444', badge: 'dot' },
  transcribing: { color: '#f59e0b', badge: 'dots' },
  error: { color: '#9ca3af', badge: 'alert', badgeColor: '#ef4444' },
};

function badgeSvg(kind, color) {
  const { cx, cy, r } = BADGE;
  switch (kind) {
    case 'dot':
      return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"/>`;
    case 'ring':
      return `<circle cx="${cx}" cy="${cy}" r="${r - 16}" fill="none" stroke="${color}" stroke-width="32"/>`;
    case 'dots':
      return [-70, 0, 70].map((dx) => `<circle cx="${cx + dx}" cy="${cy}" r="32" fill="${color}"/>`).join('');
    case 'alert': {
      // A disc with an exclamation mark cut out of it, so it reads on any panel colour.
      const disc = `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
      const bar = `M${cx - 16} ${cy - 68}h32v90h-32Z`;
      const point = `M${cx - 16} ${cy + 38}h32v32h-32Z`;
      return `<path d="${disc}${bar}${point}" fill="${color}" fill-rule="evenodd"/>`;
    }
    default:
      return '';
  }
}

function glyphOf(source) {
  const match = /<g id="glyph"[^>]*>([\s\S]*?)<\/g>/.exec(source);
  if (!match) throw new Error(`${SOURCE} has no <g id="glyph"> element`);
  return match[1];
}

function traySvg(source, state, template) {
  const spec = TRAY_STATES[state];
  const color = template ? '#000000' : spec.color;
  const badgeColor = template ? '#000000' : (spec.badgeColor ?? spec.color);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${TRAY_VIEWBOX}">`,
    `<g fill="${color}" stroke="${color}">${glyphOf(source)}</g>`,
    badgeSvg(spec.badge, badgeColor),
    '</svg>',
  ].join('');
}

function render(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  const result = { size, png: image.asPng(), rgba: image.pixels };
  image.free();
  return result;
}

/** A 32-bit BMP icon entry (the form every Windows icon loader reads); resvg's pixels are premultiplied. */
function bmpEntry({ size, rgba }) {
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0);
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // XOR image + AND mask
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  let offset = 40;
  for (let y = size - 1; y >= 0; y--) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const a = rgba[i + 3];
      const straight = (c) => (a === 0 ? 0 : Math.min(255, Math.round((c * 255) / a)));
      out[offset++] = straight(rgba[i + 2]);
      out[offset++] = straight(rgba[i + 1]);
      out[offset++] = straight(rgba[i]);
      out[offset++] = a;
    }
  }
  return out; // the AND mask stays zero: transparency comes from the alpha channel
}

/** ICO: BMP entries below 256 px, PNG at 256 px (Windows Vista and later). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const bodies = images.map((image) => (image.size >= 256 ? Buffer.from(image.png) : bmpEntry(image)));
  let offset = header.length;
  images.forEach((image, n) => {
    const entry = 6 + 16 * n;
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry);
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(bodies[n].length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += bodies[n].length;
  });
  return Buffer.concat([header, ...bodies]);
}

function icns(pngBySize) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = Buffer.from(pngBySize.get(size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + elements.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

/** Every icon file, by path relative to the assets folder. */
export async function renderIcons() {
  await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  const source = readFileSync(SOURCE, 'utf8');
  const files = new Map();

  const app = new Map(APP_SIZES.map((size) => [size, render(source, size)]));
  for (const [size, image] of app) files.set(`build/icons/${size}x${size}.png`, image.png);
  files.set('build/icon.ico', ico(ICO_SIZES.map((size) => app.get(size))));
  files.set('build/icon.icns', icns(new Map([...app].map(([size, image]) => [size, image.png]))));
  files.set('window/icon.png', app.get(256).png);
  files.set('window/icon.ico', ico([16, 24, 32, 48, 64, 256].map((size) => app.get(size))));

  for (const state of Object.keys(TRAY_STATES)) {
    const colored = traySvg(source, state, false);
    const template = traySvg(source, state, true);
    files.set(`tray/${state}.png`, render(colored, 24).png);
    files.set(`tray/${state}@2x.png`, render(colored, 48).png);
    files.set(`tray/${state}Template.png`, render(template, 16).png);
    files.set(`tray/${state}Template@2x.png`, render(template, 32).png);
    files.set(`tray/${state}.ico`, ico(TRAY_ICO_SIZES.map((size) => render(colored, size))));
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'assets');
  const files = await renderIcons();
  for (const [relative, data] of files) {
    const file = path.join(outDir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  console.log(
    `[make-icons] ${files.size} icons from assets/icon.svg in ${path.relative(root, outDir) || '.'}`,
  );
}

// `npm run pack:check`: packs the app with electron-builder, then inspects what a user would install.
// Electron's own binary cannot be downloaded here, so electron-builder packs against a stand-in
// Electron directory (scripts/make-stand-in-electron.mjs): everything else — file selection,
// app.asar, unpacking, fuses — is electron-builder's real work. The packaged engine is then run
// under Node from an app.asar laid out as Electron presents it (see materializeAsar).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fuses from '@electron/fuses';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import {
  runtimeLayout,
  TRAY_STATES,
  unpackedPath,
} from '../../src/main/hosts/electron/packaging/runtime-layout.js';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import {
  type AsarEntry,
  elfDynamic,
  isBareSpecifier,
  isNativeBinary,
  materializeAsar,
  moduleSpecifiers,
  readAsarEntries,
  readText,
} from '../helpers/package-inspection.js';

/**
 * Budget for what the app adds to Electron (app.asar + app.asar.unpacked), uncompressed. About 207 MB,
 * most of it native: ffmpeg 68, onnxruntime 46, whisper.cpp 17 (all CPU variants) and ggml's Vulkan
 * back-end 50.5 MB. Raised from 175 MB for that one library (measured 2026-12-02: 50.5 MB, 50.1 MB
 * stripped, almost all of it the compiled SPIR-V shaders ggml embeds; 15.0 MB gzip, 4.7 MB xz, so
 * the installers grow far less than this).
 */
const RESOURCES_BUDGET_MB = 225;

/** System libraries native code may link against, and the Debian package that must provide each. */
const SYSTEM_LIBRARIES: Record<string, string> = {
  'libc.so.6': 'libc6',
  'libm.so.6': 'libc6',
  'libpthread.so.0': 'libc6',
  'librt.so.1': 'libc6',
  'libdl.so.2': 'libc6',
  'ld-linux-x86-64.so.2': 'libc6',
  'ld-linux-aarch64.so.1': 'libc6',
  'libgcc_s.so.1': 'libgcc-s1',
  'libstdc++.so.6': 'libstdc++6',
  'libgomp.so.1': 'libgomp1',
  'libasound.so.2': 'libasound2',
  'libX11.so.6': 'libx11-6',
  'libXtst.so.6': 'libxtst6',
  'libXt.so.6': 'libxt6',
  'libXrandr.so.2': 'libxrandr2',
  'libvulkan.so.1': 'libvulkan1',
};
/** Packages every Electron install has (essential, or pulled in by Electron's own GTK dependencies). */
const ALWAYS_PRESENT = new Set(['libc6', 'libgcc-s1', 'libx11-6']);
/**
 * Optional GPU back-ends: ggml loads them at run time and carries on with the CPU when their system
 * libraries are missing, so those only need to be recommended (deb.recommends), not depended on.
 */
const OPTIONAL_BACKEND = /(^|\/)libggml-vulkan\.so$/;

const linux = process.platform === 'linux';
const temp = makeTempDir('dictation-pack-');
const builderConfig = parseYaml(readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as {
  deb: { depends: string[]; recommends?: string[] };
};

let appOutDir = '';
let resourcesDir = '';
let archive = '';
let unpackedDir = '';
/** The app as Electron shows it to itself: <sim>/app.asar (a folder here) and <sim>/app.asar.unpacked. */
let appRoot = '';
let entries = new Map<string, AsarEntry>();
let packSeconds = 0;

const packedFiles = () => [...entries].filter(([, e]) => e.kind === 'file' && !e.unpacked).map(([n]) => n);
const unpackedFiles = () => [...entries].filter(([, e]) => e.kind !== 'dir' && e.unpacked).map(([n]) => n);

function projectFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(projectRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const megabytes = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

beforeAll(() => {
  if (!linux) {
    console.log('[pack:check] skipped: the stand-in Electron imitates Linux only; use "npm run dist" here.');
    return;
  }
  for (const built of [
    'dist/src/main/index.js',
    'dist/src/engine/main.js',
    'dist/preload/index.cjs',
    'dist/renderer/index.html',
  ]) {
    if (!existsSync(path.join(projectRoot, built))) {
      throw new Error(`${built} is missing: run "npm run build" first (npm run pack:check does).`);
    }
  }
  const standIn = path.join(temp.dir, 'electron-stand-in');
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'make-stand-in-electron.mjs'), standIn]);
  const output = path.join(temp.dir, 'release');
  const started = performance.now();
  const build = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, 'node_modules', 'electron-builder', 'cli.js'),
      '--dir',
      '--linux',
      `--${process.arch}`,
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', NO_UPDATE_NOTIFIER: '1' },
    },
  );
  packSeconds = (performance.now() - started) / 1000;
  if (build.status !== 0) {
    throw new Error(
      `electron-builder failed (exit ${build.status}, signal ${build.signal}, ${build.error?.message ?? 'no spawn error'}):\n${(build.stdout + build.stderr).slice(-4000)}`,
    );
  }
  const unpackedName = readdirSync(output).find((name) => name.endsWith('-unpacked'));
  if (!unpackedName) throw new Error(`electron-builder wrote no *-unpacked folder in ${output}`);
  appOutDir = path.join(output, unpackedName);
  resourcesDir = path.join(appOutDir, 'resources');
  archive = path.join(resourcesDir, 'app.asar');
  unpackedDir = `${archive}.unpacked`;
  entries = readAsarEntries(archive).entries;

  const simulated = path.join(temp.dir, 'as-electron-sees-it');
  appRoot = path.join(simulated, 'app.asar');
  materializeAsar(archive, appRoot);
  symlinkSync(unpackedDir, path.join(simulated, 'app.asar.unpacked'));
}, 300_000);

afterAll(() => {
  // DICTATION_KEEP_PACK=1 keeps the packed app for a look.
  if (process.env['DICTATION_KEEP_PACK'] === '1') console.log(`[pack:check] kept ${temp.dir}`);
  else temp.cleanup();
});

describe.skipIf(!linux)('packaged app (electron-builder against a stand-in Electron; Linux layout)', () => {
  it('writes an app.asar whose files match the hashes in its header (Electron checks them on macOS and Windows)', () => {
    const mismatched = packedFiles().filter((name) => {
      const entry = entries.get(name);
      const data = readFileSync(path.join(appRoot, name));
      return entry?.kind !== 'file' || createHash('sha256').update(data).digest('hex') !== entry.sha256;
    });
    // A mismatch means files changed while electron-builder packed them (was dist/ being rebuilt?).
    expect(mismatched).toEqual([]);
  });

  it('contains every file the build makes for the app, byte for byte', () => {
    const appFiles = projectFiles('dist').filter(
      (file) => !/^dist\/(tests|bench|src\/cli|src\/preload)\//.test(file) && !file.endsWith('.map'),
    );
    expect(appFiles.length).toBeGreaterThan(20);
    const packaged = new Set(packedFiles());
    for (const file of appFiles) {
      expect(packaged.has(file), `${file} is missing from app.asar`).toBe(true);
      expect(
        readFileSync(path.join(appRoot, file)).equals(readFileSync(path.join(projectRoot, file))),
        file,
      ).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as {
      main: string;
      type: string;
    };
    expect(pkg.type).toBe('module');
    expect(packaged.has(pkg.main)).toBe(true);
  });

  it('holds every file the shell asks for: preload, renderer, engine, window and tray icons', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const layout = runtimeLayout(appRoot, platform);
      const wanted = [layout.preloadScript, layout.rendererHtml, layout.engineEntry, layout.windowIcon];
      wanted.push(...TRAY_STATES.map((state) => layout.trayIcon(state)));
      if (platform === 'darwin')
        wanted.push(...TRAY_STATES.map((s) => layout.trayIcon(s).replace('.png', '@2x.png')));
      for (const file of wanted) {
        const entry = entries.get(path.relative(appRoot, file).split(path.sep).join('/'));
        expect(entry?.kind === 'file' && !entry.unpacked, `${file} (${platform})`).toBe(true);
      }
    }
    expect(unpackedPath(path.join(appRoot, 'native', 'x.node'))).toBe(
      path.join(path.dirname(appRoot), 'app.asar.unpacked', 'native', 'x.node'),
    );
  });

  it('resolves every import of main, preload, renderer and engine inside the package', () => {
    const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { main: string };
    const layout = runtimeLayout(appRoot);
    const queue = [path.join(appRoot, pkg.main), layout.engineEntry, layout.preloadScript];
    const html = readFileSync(layout.rendererHtml, 'utf8');
    for (const [, ref] of html.matchAll(/(?:src|href)="(?!https?:|data:|#)([^"]+)"/g)) {
      const file = path.resolve(path.dirname(layout.rendererHtml), ref!);
      expect(existsSync(file), `${ref} in index.html`).toBe(true);
      if (file.endsWith('.js')) queue.push(file);
    }
    const seen = new Set<string>();
    const packages = new Map<string, string>(); // bare specifier -> an importing file
    const problems: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const where = path.relative(appRoot, file);
      const inRenderer = where.startsWith(`dist${path.sep}renderer`);
      for (const specifier of moduleSpecifiers(readFileSync(file, 'utf8'))) {
        if (isBuiltin(specifier) || specifier === 'electron') {
          if (inRenderer) problems.push(`${where}: the renderer imports ${specifier}`);
          else if (
            file === layout.preloadScript &&
            !['electron', 'events', 'timers', 'url'].includes(specifier.replace(/^node:/, ''))
          ) {
            problems.push(`${where}: a sandboxed preload cannot require ${specifier}`);
          }
        } else if (isBareSpecifier(specifier)) {
          if (inRenderer || file === layout.preloadScript)
            problems.push(`${where}: ${specifier} is not bundled`);
          else packages.set(specifier, file);
        } else {
          const target = path.resolve(path.dirname(file), specifier);
          if (existsSync(target) && statSync(target).isFile()) queue.push(target);
          else problems.push(`${where}: ${specifier} is not in the package`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(10);

    // Node's own resolver, run from inside the package, finds every third-party module in it.
    const probe = `
      import { createRequire } from 'node:module';
      const [specifiers, root] = JSON.parse(process.argv[1]);
      const failures = [];
      for (const [specifier, from] of specifiers) {
        let resolved;
        try { resolved = import.meta.resolve(specifier, from); } catch {}
        if (!resolved) try { resolved = 'file://' + createRequire(from).resolve(specifier); } catch {}
        if (!resolved || !decodeURIComponent(new URL(resolved).pathname).startsWith(root)) failures.push(specifier + ' -> ' + resolved);
      }
      console.log(JSON.stringify(failures));`;
    const pairs = [...packages].map(([specifier, from]) => [specifier, pathToFileURL(from).href]);
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', probe, JSON.stringify([pairs, realpathSync(appRoot)])],
      {
        cwd: appRoot,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(packages.size).toBeGreaterThan(0);
  });

  it('runs the packaged engine: the unpacked whisper addon, its CPU back-ends and ffmpeg', async () => {
    const layout = runtimeLayout(appRoot);
    const ffmpeg = path.join(
      path.dirname(appRoot),
      'app.asar.unpacked',
      'node_modules',
      '@ffmpeg-installer',
      `${process.platform}-${process.arch}`,
      'ffmpeg',
    );
    const ogg = path.join(temp.dir, 'speech.ogg');
    const args = [
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      fixtures.jfkWav,
      '-t',
      '3',
      '-c:a',
      'libvorbis',
      ogg,
    ];
    execFileSync(ffmpeg, args);
    // Electron's asar support sends require() of an unpacked .node file to its app.asar.unpacked copy
    // (process.dlopen); plain Node needs the same redirect. spawn() and native code that opens files
    // itself (ggml loading its CPU back-ends) get no such help: those must be given unpacked paths.
    const electronDlopen = path.join(temp.dir, 'electron-asar-dlopen.cjs');
    writeFileSync(
      electronDlopen,
      `const path = require('node:path');
      const { dlopen } = process;
      const inAsar = path.sep + 'app.asar' + path.sep;
      process.dlopen = (module, file, ...rest) =>
        dlopen(module, file.replace(inAsar, path.sep + 'app.asar.unpacked' + path.sep), ...rest);`,
    );
    // No PATH: a system ffmpeg must not stand in for the packaged one.
    const env: NodeJS.ProcessEnv = {
      HOME: temp.dir,
      PATH: path.join(temp.dir, 'empty-path'),
      DICTATION_DATA_DIR: temp.dir,
      NODE_OPTIONS: `--require ${electronDlopen}`,
    };
    const engine = await EngineClient.connect(
      forkEngineChannel({ entry: layout.engineEntry, env }),
      'pack-check',
    );
    try {
      // ggml found a CPU back-end in app.asar.unpacked: inside the archive path there are only stubs.
      expect(engine.hello?.devices.some((device) => device.type === 'cpu')).toBe(true);
      await engine.loadModel(fixtures.vocabOnlyModel);
      // Decoded by the packaged ffmpeg (spawned from app.asar.unpacked), recognised by whisper.cpp.
      const transcript = await engine.transcribe({ kind: 'file', path: ogg }, { language: 'en' }).result;
      expect(Math.abs(transcript.audioMs - 3000)).toBeLessThan(100);
    } finally {
      await engine.shutdown();
    }
  });

  it('keeps native code out of app.asar and resolves its libraries next to it or from the .deb dependencies', () => {
    const nativeInArchive = packedFiles().filter((name) =>
      isNativeBinary(readFileSync(path.join(appRoot, name))),
    );
    expect(nativeInArchive).toEqual([]);
    const nodeFiles = [...entries.keys()].filter((name) => name.endsWith('.node'));
    expect(nodeFiles.length).toBeGreaterThanOrEqual(2);
    for (const name of nodeFiles) expect(entries.get(name)).toMatchObject({ unpacked: true });
    for (const built of readdirSync(path.join(projectRoot, 'native'))) {
      const bin = path.join(projectRoot, 'native', built, 'build', 'bin');
      if (!existsSync(bin)) continue;
      for (const file of readdirSync(bin)) {
        expect(
          existsSync(path.join(unpackedDir, 'native', built, 'build', 'bin', file)),
          `${built}/${file}`,
        ).toBe(true);
      }
    }

    const declared = new Set(builderConfig.deb.depends);
    const recommended = new Set(builderConfig.deb.recommends ?? []);
    const problems: string[] = [];
    let elfCount = 0;
    for (const name of unpackedFiles()) {
      const file = path.join(unpackedDir, name);
      if (lstatSync(file).isSymbolicLink()) continue;
      const dynamic = elfDynamic(file);
      if (!dynamic) continue;
      elfCount++;
      for (const entry of dynamic.runpath) {
        if (!entry.startsWith('$ORIGIN'))
          problems.push(`${name}: run path ${entry} is not relative to the file`);
      }
      const searchDirs = dynamic.runpath.map((entry) =>
        path.join(path.dirname(file), entry.slice('$ORIGIN'.length)),
      );
      for (const library of dynamic.needed) {
        if (searchDirs.some((dir) => existsSync(path.join(dir, library)))) continue;
        const provider = SYSTEM_LIBRARIES[library];
        if (!provider)
          problems.push(
            `${name}: needs ${library}, which is neither shipped beside it nor a known system library`,
          );
        else if (OPTIONAL_BACKEND.test(name) && (declared.has(provider) || recommended.has(provider)))
          continue;
        else if (!ALWAYS_PRESENT.has(provider) && !declared.has(provider)) {
          problems.push(`${name}: needs ${library}; add ${provider} to deb.depends in electron-builder.yml`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(elfCount).toBeGreaterThan(5);
  });

  it('ships no tests, sources, source maps or dev dependencies', () => {
    const ours = [...entries.keys()].filter(
      (name) => !name.startsWith('node_modules/') && entries.get(name)?.kind !== 'dir',
    );
    const strays = ours.filter(
      (name) =>
        !/^(package\.json|dist\/.+|assets\/(tray|window|models)\/.+|native\/[^/]+\/build\/bin\/.+)$/.test(
          name,
        ) || /\.(map|ts|tsx)$|\.test\.|(^|\/)tests?\//.test(name),
    );
    expect(strays).toEqual([]);

    // Every bundled package is needed by the app's dependencies; each one's own dependencies are there.
    const dependenciesOf = (dir: string): { required: string[]; optional: string[] } => {
      const pkg = JSON.parse(readFileSync(path.join(appRoot, dir, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      return {
        required: Object.keys(pkg['dependencies'] ?? {}),
        optional: Object.keys({ ...pkg['optionalDependencies'], ...pkg['peerDependencies'] }),
      };
    };
    const locate = (name: string, fromDir: string): string | null => {
      for (let dir = fromDir; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'node_modules', name);
        if (existsSync(path.join(appRoot, candidate, 'package.json'))) return candidate;
        if (dir === '.' || dir === '') return null;
      }
    };
    const excludedOnPurpose = new Set(['naudiodon']); // see electron-builder.yml: its binding is built into native/
    const reachable = new Set<string>();
    const missing: string[] = [];
    const queue = ['.'];
    while (queue.length > 0) {
      const dir = queue.pop()!;
      if (reachable.has(dir)) continue;
      reachable.add(dir);
      const { required, optional } = dependenciesOf(dir);
      for (const name of [...required, ...optional]) {
        const found = locate(name, dir);
        if (found) queue.push(found);
        else if (required.includes(name) && !excludedOnPurpose.has(name))
          missing.push(`${dir} needs ${name}`);
      }
    }
    const bundled = [...entries.keys()].filter(
      (name) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(name) && entries.get(name)?.kind === 'dir',
    );
    expect(missing).toEqual([]);
    expect(bundled.filter((dir) => !reachable.has(dir))).toEqual([]);
    const root = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const dev of Object.keys(root.devDependencies)) {
      if (!reachable.has(`node_modules/${dev}`)) expect(entries.has(`node_modules/${dev}`), dev).toBe(false);
    }
  });

  it('refers to no path of the build machine', () => {
    const buildPaths = [...new Set([projectRoot, realpathSync(projectRoot)])];
    const offenders: string[] = [];
    for (const [base, names] of [
      [appRoot, packedFiles()],
      [unpackedDir, unpackedFiles()],
    ] as const) {
      for (const name of names) {
        const file = path.join(base, name);
        if (lstatSync(file).isSymbolicLink()) {
          const target = path.resolve(path.dirname(file), readlinkSync(file));
          if (!target.startsWith(base)) offenders.push(`${name} links outside the app`);
          continue;
        }
        const text = readText(file);
        if (text !== null && buildPaths.some((p) => text.includes(p))) offenders.push(name);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('flips the fuses of a hardened app', async () => {
    const wire = await fuses.getCurrentFuseWire(path.join(appOutDir, 'dictation'));
    const { FuseV1Options: F } = fuses;
    const on = 49; // '1'
    const off = 48; // '0'
    expect(wire[F.RunAsNode]).toBe(off);
    expect(wire[F.EnableCookieEncryption]).toBe(on);
    expect(wire[F.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[F.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[F.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[F.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
    // Electron enforces asar integrity on macOS and Windows only; the Linux build leaves it off.
    expect(wire[F.EnableEmbeddedAsarIntegrityValidation]).toBe(off);
    // The window is loaded from file:// with ES modules, which needs these privileges (see scripts/electron-fuses.mjs).
    expect(wire[F.GrantFileProtocolExtraPrivileges]).toBe(on);
  });

  it('asks for asar integrity exactly where Electron enforces it (macOS and Windows)', () => {
    const hook = pathToFileURL(path.join(projectRoot, 'scripts', 'electron-fuses.mjs')).href;
    const script = `const { hardenedFuseConfig } = await import(${JSON.stringify(hook)});
      console.log(JSON.stringify(['linux', 'darwin', 'mas', 'win32'].map((p) => hardenedFuseConfig(p, 1))));`;
    const configs = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as Record<string, boolean>[];
    const integrity = String(fuses.FuseV1Options.EnableEmbeddedAsarIntegrityValidation);
    expect(configs.map((config) => config[integrity])).toEqual([false, true, true, true]);
    for (const config of configs) expect(config[String(fuses.FuseV1Options.RunAsNode)]).toBe(false);
  });

  it('looks for updates only when the build names a feed', () => {
    expect(existsSync(path.join(resourcesDir, 'app-update.yml'))).toBe(false);
    expect(entries.has('node_modules/electron-updater/package.json')).toBe(true);
  });

  it(`stays within ${RESOURCES_BUDGET_MB} MB next to Electron, and reports where the space goes`, () => {
    const asarBytes = statSync(archive).size;
    const unpackedBytes = directorySize(unpackedDir);
    const parts = new Map<string, number>();
    for (const dir of [path.join(unpackedDir, 'native'), path.join(unpackedDir, 'node_modules')]) {
      for (const name of readdirSync(dir)) {
        const scoped = name.startsWith('@')
          ? readdirSync(path.join(dir, name)).map((n) => `${name}/${n}`)
          : [name];
        for (const part of scoped)
          parts.set(`${path.basename(dir)}/${part}`, directorySize(path.join(dir, part)));
      }
    }
    const total = asarBytes + unpackedBytes;
    const report = [
      `[pack:check] electron-builder took ${packSeconds.toFixed(1)} s`,
      `[pack:check] app resources ${megabytes(total)} MB of a ${RESOURCES_BUDGET_MB} MB budget (Electron itself not counted):`,
      `[pack:check]   app.asar ${megabytes(asarBytes)} MB (${packedFiles().length} files)`,
      `[pack:check]   app.asar.unpacked ${megabytes(unpackedBytes)} MB:`,
      ...[...parts]
        .sort((a, b) => b[1] - a[1])
        .map(([name, bytes]) => `[pack:check]     ${name} ${megabytes(bytes)} MB`),
    ];
    console.log(report.join('\n'));
    expect(total / 1e6).toBeLessThan(RESOURCES_BUDGET_MB);
  });
});

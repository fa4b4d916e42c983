import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readSync, closeSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getRawHeader } from '@electron/asar';
import ts from 'typescript';

export type AsarEntry =
  | { kind: 'file'; size: number; unpacked: boolean; offset: number; sha256: string | undefined }
  | { kind: 'link'; link: string; unpacked: boolean }
  | { kind: 'dir' };

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  link?: string;
  size?: number;
  offset?: string;
  unpacked?: boolean;
  integrity?: { algorithm: string; hash: string };
}

/** Every entry of an asar archive by its path inside the archive ("dist/src/main/index.js"). */
export function readAsarEntries(archive: string): { entries: Map<string, AsarEntry>; dataOffset: number } {
  const raw = getRawHeader(archive);
  const entries = new Map<string, AsarEntry>();
  const walk = (node: HeaderNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const at = prefix ? `${prefix}/${name}` : name;
      if (child.files) {
        entries.set(at, { kind: 'dir' });
        walk(child, at);
      } else if (child.link !== undefined) {
        entries.set(at, { kind: 'link', link: child.link, unpacked: child.unpacked === true });
      } else {
        entries.set(at, {
          kind: 'file',
          size: child.size ?? 0,
          unpacked: child.unpacked === true,
          offset: Number(child.offset ?? 0),
          sha256: child.integrity?.algorithm === 'SHA256' ? child.integrity.hash : undefined,
        });
      }
    }
  };
  walk(raw.header as HeaderNode, '');
  return { entries, dataOffset: 8 + raw.headerSize };
}

/**
 * Writes the archive out as a folder named app.asar, to sit beside the real app.asar.unpacked, the
 * way Electron presents it to the app: every file readable at its archive path (Electron's fs reads
 * unpacked files from app.asar.unpacked transparently), except native binaries, which are empty stubs
 * there: the OS (spawn, dlopen) cannot open a file inside an archive, so code must run them from
 * app.asar.unpacked.
 */
export function materializeAsar(archive: string, destination: string): void {
  const { entries, dataOffset } = readAsarEntries(archive);
  const fd = openSync(archive, 'r');
  try {
    for (const [name, entry] of entries) {
      const target = path.join(destination, name);
      if (entry.kind === 'dir') {
        mkdirSync(target, { recursive: true });
      } else if (entry.kind === 'link') {
        mkdirSync(path.dirname(target), { recursive: true });
        symlinkSync(path.relative(path.dirname(name), entry.link), target);
      } else {
        mkdirSync(path.dirname(target), { recursive: true });
        let data = Buffer.alloc(entry.size);
        if (entry.unpacked) {
          data = readFileSync(path.join(`${archive}.unpacked`, name));
          if (isNativeBinary(data)) data = Buffer.alloc(0);
        } else {
          readSync(fd, data, 0, entry.size, dataOffset + entry.offset);
        }
        writeFileSync(target, data);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The module specifiers a JavaScript file imports, re-exports, import()s or require()s (string literals). */
export function moduleSpecifiers(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName);
}

export function isBareSpecifier(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-z]+:/i.test(specifier);
}

export interface ElfDynamic {
  needed: string[];
  runpath: string[];
}

/** The dynamic section of an ELF file (readelf from binutils), or null for any other file. */
export function elfDynamic(file: string): ElfDynamic | null {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, head, 0, 4, 0) < 4 || head.toString('latin1') !== '\x7fELF') return null;
  } finally {
    closeSync(fd);
  }
  const out = execFileSync('readelf', ['-d', '-W', file], { encoding: 'utf8' });
  const needed = [...out.matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]!);
  const runpath = [...out.matchAll(/\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[(.+?)\]/g)].flatMap((m) =>
    m[1]!.split(':'),
  );
  return { needed, runpath };
}

/** Native code by its magic number: ELF, Mach-O (thin or fat) or a Windows PE. */
export function isNativeBinary(data: Uint8Array): boolean {
  const magic = Buffer.from(data.subarray(0, 4)).toString('hex');
  return (
    magic === '7f454c46' ||
    ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'].includes(magic) ||
    magic.startsWith('4d5a')
  );
}

export function readText(file: string): string | null {
  const data = readFileSync(file);
  return data.subarray(0, 8192).includes(0) ? null : data.toString('utf8');
}

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/fixtures.js';

// Every Node-API addon on Windows links an import library whose DLL name is NODE.EXE. Under
// Dictation.exe / electron.exe there is no node.exe, so the import must be delay-loaded and a hook
// must hand back the running executable; without both the addon cannot load at all. This cannot be
// built here (no MSVC), so the CMake files are read instead.

const nativeDir = path.join(projectRoot, 'native');
const projects = readdirSync(nativeDir).filter((name) =>
  existsSync(path.join(nativeDir, name, 'CMakeLists.txt')),
);

/** The commands inside the `if(WIN32)` / `elseif(WIN32)` branch (the files have no nested ifs there). */
function win32Branch(cmake: string): string {
  const start = /^\s*(?:else)?if\s*\(\s*WIN32\s*\)/m.exec(cmake);
  if (!start) return '';
  const rest = cmake.slice(start.index + start[0].length);
  const end = /^\s*(?:elseif\s*\(|else\s*\(|endif\s*\()/m.exec(rest);
  return end ? rest.slice(0, end.index) : rest;
}

/** Targets built as `.node` files: the addons Node or Electron load. */
function addonTargets(cmake: string): string[] {
  return [...cmake.matchAll(/set_target_properties\(\s*(\S+)\s+PROPERTIES[^)]*SUFFIX\s+"\.node"/g)].map(
    (m) => m[1] as string,
  );
}

describe('native addons on Windows', () => {
  it('finds the addon projects', () => {
    expect(projects).toEqual(expect.arrayContaining(['whisper-addon', 'audio-capture']));
  });

  for (const project of projects) {
    describe(project, () => {
      const cmake = readFileSync(path.join(nativeDir, project, 'CMakeLists.txt'), 'utf8');
      const windows = win32Branch(cmake);
      const targets = addonTargets(cmake);

      it('builds a .node addon with a Windows branch that links node.lib', () => {
        expect(targets.length).toBeGreaterThan(0);
        expect(windows).toMatch(/node\.lib/i);
      });

      for (const target of targets) {
        it(`delay-loads NODE.EXE for ${target} and links delayimp`, () => {
          expect(windows).toMatch(
            new RegExp(`target_link_options\\(\\s*${target}\\s+PRIVATE[^)]*/DELAYLOAD:NODE\\.EXE`, 'i'),
          );
          expect(windows).toMatch(new RegExp(`target_link_libraries\\(\\s*${target}\\s[^)]*\\bdelayimp\\b`));
        });

        it(`compiles the delay-load hook into ${target}`, () => {
          const source = new RegExp(
            `target_sources\\(\\s*${target}\\s+PRIVATE\\s+(\\S*win-delay-load-hook\\.cc)`,
          );
          const match = source.exec(windows);
          expect(
            match,
            `${project}: target_sources(${target} PRIVATE src/win-delay-load-hook.cc)`,
          ).not.toBeNull();
          const hook = readFileSync(path.join(nativeDir, project, match?.[1] ?? ''), 'utf8');
          // The hook answers the pre-load notification for node.exe with the running executable.
          expect(hook).toMatch(/__pfnDliNotifyHook2\s*=\s*\w+/);
          expect(hook).toMatch(/dliNotePreLoadLibrary/);
          expect(hook).toMatch(/"node\.exe"/i);
          expect(hook).toMatch(/GetModuleHandle\(\s*NULL\s*\)/);
        });
      }
    });
  }
});

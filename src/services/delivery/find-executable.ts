import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Where `name` would be found on PATH (like `which` / `where`), or null. No process is started. */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const pathValue = env['PATH'] ?? env['Path'] ?? '';
  const extensions =
    platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';')] : [''];
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension.toLowerCase());
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    // Not there or not executable: keep looking along PATH.
    return false;
  }
}

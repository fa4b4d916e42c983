import { spawnSync } from 'node:child_process';

/**
 * Mounts a real tmpfs of `kib` KiB at `dir` (an existing folder), for tests of a full disk. Needs root
 * (CAP_SYS_ADMIN), as the test machines and CI have; elsewhere it returns why it could not, for the
 * test to skip with that message. The returned function unmounts it.
 */
export function mountTmpfs(dir: string, kib: number): { unmount: () => void } | { skip: string } {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) {
    return {
      skip: `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()}): run as root to test a full disk`,
    };
  }
  return {
    unmount: () => {
      const result = spawnSync('umount', ['-l', dir], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`umount ${dir}: ${result.stderr}`);
    },
  };
}

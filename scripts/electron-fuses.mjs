// electron-builder afterPack hook: flips Electron's fuses for a hardened app, right before signing.
// One place for the fuse policy, because asar integrity is only enforced on macOS and Windows:
// electron-builder's own `electronFuses` setting cannot differ per platform.
import builder from 'electron-builder';
import fuses from '@electron/fuses';

const { FuseV1Options, FuseVersion } = fuses;

/** Platforms where Electron validates the app.asar header hash embedded by electron-builder. */
const ASAR_INTEGRITY_PLATFORMS = new Set(['darwin', 'mas', 'win32']);

/**
 * - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node interpreter (the engine
 *   runs as an Electron utility process, which does not need it).
 * - NODE_OPTIONS and --inspect off: no code injection through the environment or a debugger port.
 * - Cookie encryption on; only app.asar is ever loaded as the app; asar integrity where enforced.
 * - GrantFileProtocolExtraPrivileges is left as Electron ships it: the window is loaded from file://
 *   and its ES module scripts need those privileges. Turn it off once the renderer is served from a
 *   custom protocol.
 */
export function hardenedFuseConfig(electronPlatformName, arch) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks an Apple Silicon binary's ad-hoc signature; unsigned builds need it redone.
    resetAdHocDarwinSignature:
      electronPlatformName === 'darwin' && (arch === builder.Arch.arm64 || arch === builder.Arch.universal),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ASAR_INTEGRITY_PLATFORMS.has(electronPlatformName),
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  };
}

export default async function flipHardenedFuses(context) {
  await context.packager.addElectronFuses(
    context,
    hardenedFuseConfig(context.electronPlatformName, context.arch),
  );
}

// One running app: a second launch (files, "Open with", a dictation:// link) hands its request to the
// first and quits. macOS delivers files and links to the running app as open-file / open-url events.
import { app } from 'electron';
import { secondInstanceMessageSchema, type SecondInstanceMessage } from '../../../shared/app-instance.js';
import { PROTOCOL_SCHEME } from './packaging/app-identity.js';
import { parseLaunchInputs, userArguments, type LaunchRequest } from './packaging/launch-request.js';

export type SingleInstance =
  | { primary: false }
  /** `initial` is this launch's own request (files it was opened with, --hidden). */
  | { primary: true; initial: LaunchRequest };

/**
 * Call before app.whenReady() (macOS sends open-file before 'ready'). When `primary` is false another
 * instance has the request: quit at once. onRequest gets every later launch's request.
 */
export function claimSingleInstance(onRequest: (request: LaunchRequest) => void): SingleInstance {
  const message: SecondInstanceMessage = {
    type: 'launch',
    timestamp: Date.now(),
    argv: process.argv,
    cwd: process.cwd(),
  };
  if (!app.requestSingleInstanceLock(message)) return { primary: false };

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const parsed = secondInstanceMessageSchema.safeParse(additionalData);
    const launch = parsed.success ? parsed.data : { argv, cwd: workingDirectory };
    onRequest(
      parseLaunchInputs(userArguments(launch.argv, process.defaultApp === true), { cwd: launch.cwd }),
    );
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    onRequest(parseLaunchInputs([file], { cwd: process.cwd() }));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    onRequest(parseLaunchInputs([url], { cwd: process.cwd() }));
  });
  // Installers register the scheme (Info.plist, NSIS, the .desktop file); this keeps a moved or
  // portable Windows/macOS copy registered. Unpackaged runs leave the installed app's registration alone.
  if (app.isPackaged && process.platform !== 'linux') app.setAsDefaultProtocolClient(PROTOCOL_SCHEME);

  return {
    primary: true,
    initial: parseLaunchInputs(userArguments(process.argv, process.defaultApp === true), {
      cwd: process.cwd(),
    }),
  };
}

/** An Electron accelerator as the user's keyboard labels it: "CommandOrControl+Shift+Space" -> "Ctrl+Shift+Space". */
export function formatAccelerator(accelerator: string, platform: string = navigator.platform): string {
  const mac = /mac/i.test(platform);
  return accelerator
    .split('+')
    .map((part) => {
      if (/^(CommandOrControl|CmdOrCtrl)$/i.test(part)) return mac ? 'Cmd' : 'Ctrl';
      if (/^Control$/i.test(part)) return 'Ctrl';
      if (/^(Command|Cmd|Super|Meta)$/i.test(part)) return mac ? 'Cmd' : 'Super';
      if (/^(Alt|Option)$/i.test(part)) return mac ? 'Option' : 'Alt';
      return part;
    })
    .join('+');
}

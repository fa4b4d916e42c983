/** "hey_jarvis_v0.1.onnx" -> "hey jarvis": the phrase an openWakeWord classifier's file name stands for. */
export function phraseFromModelFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.onnx$/i, '').replace(/_v\d+(\.\d+)*$/i, '');
  return name.replace(/[_-]+/g, ' ').trim() || name;
}

/**
 * "Hey Computer.onnx" -> "Hey_Computer.onnx": the name an imported wake phrase model is kept under.
 * Letters, digits, ".", "_" and "-" only, starting with a letter or digit (what wake phrase ids and the
 * window's schema accept); each run of anything else becomes one "_". The phrase it stands for
 * (phraseFromModelFile) stays the same.
 */
export function wakeModelFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return `${wakeModelId(base)}.onnx`;
}

/** The id of a wake model file: its normalised name without ".onnx", at most 121 characters. */
export function wakeModelId(file: string): string {
  const stem = file
    .replace(/\.onnx$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 121);
  return stem || 'wake_phrase';
}

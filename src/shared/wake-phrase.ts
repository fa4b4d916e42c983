/** "hey_jarvis_v0.1.onnx" -> "hey jarvis": the phrase an openWakeWord classifier's file name stands for. */
export function phraseFromModelFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.onnx$/i, '').replace(/_v\d+(\.\d+)*$/i, '');
  return name.replace(/[_-]+/g, ' ').trim() || name;
}

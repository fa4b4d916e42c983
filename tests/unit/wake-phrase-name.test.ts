import { describe, expect, it } from 'vitest';
import { phraseFromModelFile } from '../../src/shared/wake-phrase.js';

describe('the phrase a wake model file stands for', () => {
  it('drops the folder, the .onnx extension and the version suffix', () => {
    expect(phraseFromModelFile('/models/wakeword/hey_jarvis_v0.1.onnx')).toBe('hey jarvis');
    expect(phraseFromModelFile('alexa_v0.1.onnx')).toBe('alexa');
    expect(phraseFromModelFile('C-3PO.ONNX')).toBe('C 3PO');
    expect(phraseFromModelFile('ok-computer_v2.onnx')).toBe('ok computer');
  });
});

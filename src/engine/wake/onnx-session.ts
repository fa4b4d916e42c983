import fs from 'node:fs';
import { Tensor } from 'onnxruntime-node';
import { binding, initOrt, type Binding } from 'onnxruntime-node/dist/binding.js';
import { AppError, type AudienceHints } from '../../shared/errors.js';

/**
 * One ONNX model run synchronously on the calling thread. onnxruntime-node's public `run` computes
 * on this same thread anyway, only after a setImmediate; the wake word must decide about each 80 ms
 * step before the listener handles the next audio block, so the package's own synchronous binding
 * is used (the version is pinned exactly in package.json for that reason).
 */
export class OnnxSession {
  private constructor(
    private readonly session: Binding.InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
    readonly path: string,
  ) {}

  static load(modelPath: string, hint: string | AudienceHints): OnnxSession {
    if (!fs.existsSync(modelPath)) {
      throw new AppError('model_not_found', `Wake word model not found: ${modelPath}`, { hint });
    }
    try {
      initOrt();
      const session = new binding.InferenceSession();
      session.loadModel(modelPath, {
        executionProviders: ['cpu'],
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      const input = session.inputMetadata[0]?.name;
      const output = session.outputMetadata[0]?.name;
      if (!input || !output) throw new Error('the model has no input or no output');
      return new OnnxSession(session, input, output, modelPath);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('model_invalid', `Cannot load the wake word model ${modelPath}: ${String(error)}`, {
        hint,
      });
    }
  }

  /** Runs the model on one float tensor and returns its (first) output's values. */
  run(data: Float32Array, dims: readonly number[]): Float32Array {
    const feeds = { [this.inputName]: new Tensor('float32', data, dims) };
    const result = this.session.run(feeds, { [this.outputName]: null }, {});
    const output = result[this.outputName];
    if (!(output instanceof Tensor) || !(output.data instanceof Float32Array)) {
      throw new AppError('internal', `The wake word model ${this.path} returned no float tensor.`);
    }
    return output.data;
  }

  dispose(): void {
    this.session.dispose();
  }
}

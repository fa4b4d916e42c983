import { AppError } from '../../shared/errors.js';
import type { OnnxSession } from './onnx-session.js';
import { EMBEDDING_SIZE, EMBEDDINGS_PER_SCORE } from './wake-features.js';

/** One phrase's openWakeWord classifier: the last 16 embeddings in, a score 0..1 out. */
export class PhraseClassifier {
  constructor(
    readonly phrase: string,
    private readonly model: OnnxSession,
  ) {}

  score(features: Float32Array): number {
    const out = this.model.run(features, [1, EMBEDDINGS_PER_SCORE, EMBEDDING_SIZE]);
    const score = out[0];
    if (score === undefined || !Number.isFinite(score)) {
      throw new AppError('model_invalid', `The wake word model ${this.model.path} gave no score.`, {
        hint: 'Use an openWakeWord phrase model (.onnx) made for its 16 x 96 embedding features.',
      });
    }
    return score;
  }
}

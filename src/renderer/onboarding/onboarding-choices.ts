import type { CatalogEntry } from '../../shared/models.js';
import { FEATURED_PARAKEET } from '../models/featured-models.js';

/**
 * The first-run choice: the recommended model first, then the full-precision Whisper models of its
 * kind (English-only or multilingual; Parakeet counts as multilingual), then Parakeet's 8-bit file; the Models view lists everything.
 */
export function onboardingChoices(
  catalog: readonly CatalogEntry[],
  recommended: string | null,
): CatalogEntry[] {
  const first = catalog.find((e) => e.name === recommended);
  const whisper = catalog.filter(
    (e) =>
      e.name !== recommended &&
      e.engine === 'whisper' &&
      e.quantization === 'f16' &&
      (first === undefined || e.languages === first.languages),
  );
  const parakeet = catalog.filter((e) => e.name === FEATURED_PARAKEET && e.name !== recommended);
  return [...(first ? [first] : []), ...whisper, ...parakeet];
}

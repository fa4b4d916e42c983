import { CatalogEntry, type ModelLicence, type ModelQuantization } from '../../shared/models.js';
import { parakeetCapabilities } from '../../shared/speech-models.js';

export const PARAKEET_REPOSITORY = 'ggml-org/parakeet-GGUF';
/**
 * The hub revision the sizes and SHA-256 values below belong to. Downloads ask for this revision, not
 * "main", so a file replaced upstream is never mistaken for a damaged download of the one pinned here.
 */
export const PARAKEET_REVISION = '35156454d1a39de06863303dd209fd2bed6ee079';

/**
 * The Parakeet TDT 0.6B v3 files ggml-org publishes for whisper.cpp's parakeet.cpp (full precision
 * and three quantised variants), with exact size and SHA-256 (the Git LFS object id of each file at
 * PARAKEET_REVISION).
 *
 * Sources: the hub's own LFS pages could not be read from here, so each value was taken from public
 * projects that download these files and verify them, and kept only where at least two independent
 * ones agree on file name, size and hash (all four also agree with the size and hash prefix we were
 * given for revision 35156454):
 * - f16: the Voiceour macOS app's model pin (github.com/joswha/voiceour, pinned to this revision),
 *   a C++ speech-model table, a C model table and a model fetch script;
 * - q8_0: Voiceour's model pin, a Swift model catalog, a Rust model table, a C model table and an
 *   Expo fetch script;
 * - q4_k: a C++ asset list and a TypeScript engine manifest (both pinned to this revision), a Swift
 *   model catalog, a C model table and a Windows setup script;
 * - q4_0: a Swift model spec (pinned to this revision), a Python model table, a TypeScript model
 *   list and an Expo fetch script.
 */
const PUBLISHED: readonly (readonly [quantization: ModelQuantization, sizeBytes: number, sha256: string])[] =
  [
    ['f16', 1_255_897_319, '833bffc9513b2cae867ee9e51633cfd11e4d51aaa5597c8ac02159385a2b426f'],
    ['q8_0', 668_757_119, '4d64e9e96c2792186d072fde0034df0ad670cf680a2f53069052ead827fd600e'],
    ['q4_k', 415_611_879, '8b205b8b39c6535e153de6fb11c51db46125d45c4f16ba496fe41a0fe71b885e'],
    ['q4_0', 355_615_679, 'aa7fe2f5fb47d863ca23e8b1d490632d63a2599f515268b6d6bd656158dad45e'],
  ];

/**
 * NVIDIA's weights are CC-BY-4.0, which asks for this credit wherever the model is offered. The hub
 * repository of the conversion is labelled MIT; that covers the conversion, not the weights.
 */
export const PARAKEET_LICENCE: ModelLicence = {
  id: 'CC-BY-4.0',
  attribution:
    'Parakeet TDT 0.6B v3 by NVIDIA, licensed under CC-BY-4.0; converted to ggml by ggml-org (whisper.cpp)',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  modelUrl: 'https://huggingface.co/nvidia/parakeet-tdt-0.6b-v3',
};

const FAMILY_NOTE =
  "NVIDIA's transducer model: about half Whisper base's errors (published WER 6.75 % against 12.76 %), " +
  'punctuation and capitals built in, 25 European languages, detected by itself. ' +
  'No translation and no initial prompt. Costs more CPU than Whisper small; wants 4 or more cores.';

const QUANTIZATION_NOTE: Partial<Record<ModelQuantization, string>> = {
  q8_0: ' Quantised (8-bit): about half the size, accuracy close to the full model.',
  q4_k: ' Quantised (4-bit k-quant): a third of the size, some loss of accuracy.',
  q4_0: ' Quantised (4-bit): the smallest file, a little more loss of accuracy than q4_k.',
};

/** Peak memory of the full-size model over 60 s of speech, measured by npm run bench:engine (README). */
const F16_MEMORY_BYTES = 1_614e6;

function describe(quantization: ModelQuantization, sizeBytes: number, sha256: string): CatalogEntry {
  const name = `parakeet-tdt-0.6b-v3-${quantization}`;
  return CatalogEntry.parse({
    name,
    file: `ggml-${name}.bin`,
    engine: 'parakeet',
    family: 'parakeet-tdt-0.6b-v3',
    quantization,
    languages: 'multilingual',
    sizeBytes,
    sha256,
    ...(quantization === 'f16' ? { memoryBytes: F16_MEMORY_BYTES } : {}),
    note: FAMILY_NOTE + (QUANTIZATION_NOTE[quantization] ?? ''),
    capabilities: parakeetCapabilities(true),
    licence: PARAKEET_LICENCE,
    repository: PARAKEET_REPOSITORY,
    revision: PARAKEET_REVISION,
  });
}

export const PARAKEET_CATALOG: readonly CatalogEntry[] = PUBLISHED.map(([quantization, size, sha]) =>
  describe(quantization, size, sha),
);

import {
  CatalogEntry,
  type ModelFamily,
  type ModelLicence,
  type ModelQuantization,
} from '../../shared/models.js';
import { whisperCapabilities } from '../../shared/speech-models.js';

export const WHISPER_REPOSITORY = 'ggerganov/whisper.cpp';

/**
 * Name, exact size in bytes and SHA-256 of every file published at huggingface.co/ggerganov/whisper.cpp
 * for the families we offer (the model card lists tiny ... large-v3-turbo with q5/q8 variants).
 * Sizes and SHA-256 values are the Git LFS object ids of those files (repository revision
 * 5359861c739e955e79d9a303bcbc70fb988958b1); each was found in at least two independent projects
 * that pin these files. whisper.cpp's own README lists SHA-1 values, not SHA-256.
 */
const PUBLISHED: readonly (readonly [name: string, sizeBytes: number, sha256: string])[] = [
  ['tiny', 77_691_713, 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21'],
  ['tiny-q5_1', 32_152_673, '818710568da3ca15689e31a743197b520007872ff9576237bda97bd1b469c3d7'],
  ['tiny-q8_0', 43_537_433, 'c2085835d3f50733e2ff6e4b41ae8a2b8d8110461e18821b09a15c40c42d1cca'],
  ['tiny.en', 77_704_715, '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f'],
  ['tiny.en-q5_1', 32_166_155, 'c77c5766f1cef09b6b7d47f21b546cbddd4157886b3b5d6d4f709e91e66c7c2b'],
  ['tiny.en-q8_0', 43_550_795, '5bc2b3860aa151a4c6e7bb095e1fcce7cf12c7b020ca08dcec0c6d018bb7dd94'],
  ['base', 147_951_465, '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe'],
  ['base-q5_1', 59_707_625, '422f1ae452ade6f30a004d7e5c6a43195e4433bc370bf23fac9cc591f01a8898'],
  ['base-q8_0', 81_768_585, 'c577b9a86e7e048a0b7eada054f4dd79a56bbfa911fbdacf900ac5b567cbb7d9'],
  ['base.en', 147_964_211, 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002'],
  ['base.en-q5_1', 59_721_011, '4baf70dd0d7c4247ba2b81fafd9c01005ac77c2f9ef064e00dcf195d0e2fdd2f'],
  ['base.en-q8_0', 81_781_811, 'a4d4a0768075e13cfd7e19df3ae2dbc4a68d37d36a7dad45e8410c9a34f8c87e'],
  ['small', 487_601_967, '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b'],
  ['small-q5_1', 190_085_487, 'ae85e4a935d7a567bd102fe55afc16bb595bdb618e11b2fc7591bc08120411bb'],
  ['small-q8_0', 264_464_607, '49c8fb02b65e6049d5fa6c04f81f53b867b5ec9540406812c643f177317f779f'],
  ['small.en', 487_614_201, 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d'],
  ['small.en-q5_1', 190_098_681, 'bfdff4894dcb76bbf647d56263ea2a96645423f1669176f4844a1bf8e478ad30'],
  ['small.en-q8_0', 264_477_561, '67a179f608ea6114bd3fdb9060e762b588a3fb3bd00c4387971be4d177958067'],
  ['medium', 1_533_763_059, '6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208'],
  ['medium-q5_0', 539_212_467, '19fea4b380c3a618ec4723c3eef2eb785ffba0d0538cf43f8f235e7b3b34220f'],
  ['medium-q8_0', 823_369_779, '42a1ffcbe4167d224232443396968db4d02d4e8e87e213d3ee2e03095dea6502'],
  ['medium.en', 1_533_774_781, 'cc37e93478338ec7700281a7ac30a10128929eb8f427dda2e865faa8f6da4356'],
  ['medium.en-q5_0', 539_225_533, '76733e26ad8fe1c7a5bf7531a9d41917b2adc0f20f2e4f5531688a8c6cd88eb0'],
  ['medium.en-q8_0', 823_382_461, '43fa2cd084de5a04399a896a9a7a786064e221365c01700cea4666005218f11c'],
  ['large-v3-turbo', 1_624_555_275, '1fc70f774d38eb169993ac391eea357ef47c88757ef72ee5943879b7e8e2bc69'],
  ['large-v3-turbo-q5_0', 574_041_195, '394221709cd5ad1f40c46e6031ca61bce88931e6e088c188294c6d5a55ffa7e2'],
  ['large-v3-turbo-q8_0', 874_188_075, '317eb69c11673c9de1e1f0d459b253999804ec71ac4c23c17ecf5fbe24e259a1'],
];

type WhisperFamily = Exclude<ModelFamily, 'parakeet-tdt-0.6b-v3'>;

const FAMILY_NOTE: Record<WhisperFamily, string> = {
  tiny: 'Fastest and least accurate; fine for short, clear dictation on a slow machine.',
  base: 'Fast with fair accuracy; a good default for most laptops.',
  small: 'Noticeably more accurate, about three times slower than base; wants 4 or more cores.',
  medium: 'High accuracy but slow on a CPU; better for transcribing files than for live dictation.',
  'large-v3-turbo':
    'Close to large-v3 accuracy and faster than medium; wants 8 or more cores or a GPU (Apple silicon).',
};

const QUANTIZATION_NOTE: Partial<Record<ModelQuantization, string>> = {
  q5_0: ' Quantised (5-bit): a third of the size, slightly less accurate.',
  q5_1: ' Quantised (5-bit): a third of the size, slightly less accurate.',
  q8_0: ' Quantised (8-bit): about half the size, accuracy close to the full model.',
};

/** whisper.cpp's README: memory used by the full-precision models. */
const FAMILY_MEMORY: Partial<Record<WhisperFamily, number>> = {
  tiny: 273e6,
  base: 388e6,
  small: 852e6,
  medium: 2.1e9,
};

/** OpenAI released the Whisper weights under the MIT licence; whisper.cpp converted them to ggml. */
export const WHISPER_LICENCE: ModelLicence = {
  id: 'MIT',
  attribution: 'Whisper by OpenAI (MIT licence); converted to ggml by the whisper.cpp project',
  url: 'https://github.com/openai/whisper/blob/main/LICENSE',
  modelUrl: 'https://github.com/openai/whisper',
};

function describe(name: string, sizeBytes: number, sha256: string): CatalogEntry {
  const match = /^(tiny|base|small|medium|large-v3-turbo)(\.en)?(?:-(q5_0|q5_1|q8_0))?$/.exec(name);
  if (!match) throw new Error(`catalog: cannot parse model name ${name}`);
  const family = match[1] as WhisperFamily;
  const quantization = (match[3] ?? 'f16') as ModelQuantization;
  const memoryBytes = quantization === 'f16' ? FAMILY_MEMORY[family] : undefined;
  const multilingual = !match[2];
  // large-v3's vocabulary has one more language token (yue) than the older models.
  const vocabularySize = family === 'large-v3-turbo' ? 51866 : 51865;
  return CatalogEntry.parse({
    name,
    file: `ggml-${name}.bin`,
    engine: 'whisper',
    family,
    quantization,
    languages: multilingual ? 'multilingual' : 'english',
    sizeBytes,
    sha256,
    ...(memoryBytes ? { memoryBytes } : {}),
    note:
      (multilingual ? '' : 'English only. ') + FAMILY_NOTE[family] + (QUANTIZATION_NOTE[quantization] ?? ''),
    capabilities: whisperCapabilities(multilingual, vocabularySize),
    licence: WHISPER_LICENCE,
    repository: WHISPER_REPOSITORY,
    revision: 'main',
  });
}

export const WHISPER_CATALOG: readonly CatalogEntry[] = PUBLISHED.map(([name, size, sha]) =>
  describe(name, size, sha),
);

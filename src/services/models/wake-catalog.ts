import type { WakeModelLicence } from '../../shared/wake-models.js';

/**
 * openWakeWord's ONNX models. Its README: "All of the code in this repository is licensed under the
 * Apache 2.0 license. All of the included pre-trained models are licensed under [CC BY-NC-SA 4.0]";
 * no file is excepted, so the front end (melspectrogram, and the embedding model openWakeWord
 * re-implemented from Google's Apache-2.0 speech_embedding module) carries the same licence as the
 * phrase classifiers.
 *
 * Sizes and SHA-256 are those of the files the detector was checked with (test fixtures). Where they
 * come from: melspectrogram, hey_jarvis and alexa are the v0.5.1 release assets (the same SHA-256 is
 * pinned by several independent projects). The v0.5.1 release's embedding_model.onnx and
 * hey_mycroft_v0.1.onnx are different files (other SHA-256); ours are the ones openWakeWord 0.4.0
 * shipped in its repository (Git LFS at tag v0.4.0), so those two are fetched from that tag.
 */
export const OPENWAKEWORD_LICENCE: WakeModelLicence = {
  id: 'CC-BY-NC-SA-4.0',
  name: 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International',
  shortName: 'CC BY-NC-SA 4.0',
  url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  nonCommercial: true,
  summary:
    "openWakeWord's pre-trained models (by David Scripka, github.com/dscripka/openWakeWord) may be used " +
    'for non-commercial purposes only, with attribution; adaptations must be shared under the same licence. ' +
    'They are downloaded from GitHub on your request and never shipped with Dictation.',
};

const RELEASE = 'https://github.com/dscripka/openWakeWord/releases/download/v0.5.1';
const TAG_V040 = 'https://github.com/dscripka/openWakeWord/raw/v0.4.0/openwakeword/resources/models';

export interface WakeModelFile {
  file: string;
  sizeBytes: number;
  sha256: string;
  /** The default download location; a mirror replaces everything before the file name. */
  url: string;
}

export interface WakePhraseEntry extends WakeModelFile {
  id: string;
  phrase: string;
}

export const WAKE_FRONT_END: readonly WakeModelFile[] = Object.freeze([
  {
    file: 'melspectrogram.onnx',
    sizeBytes: 1_087_958,
    sha256: 'ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f',
    url: `${RELEASE}/melspectrogram.onnx`,
  },
  {
    file: 'embedding_model.onnx',
    sizeBytes: 1_328_103,
    sha256: 'ba754db3cd768a524c655ea90655ee5e6055a43b8dfd29366a11e93716ae9e51',
    url: `${TAG_V040}/embedding_model.onnx`,
  },
]);

export const WAKE_PHRASE_CATALOG: readonly WakePhraseEntry[] = Object.freeze([
  {
    id: 'hey_jarvis_v0.1',
    phrase: 'hey jarvis',
    file: 'hey_jarvis_v0.1.onnx',
    sizeBytes: 1_271_370,
    sha256: '94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb',
    url: `${RELEASE}/hey_jarvis_v0.1.onnx`,
  },
  {
    id: 'alexa_v0.1',
    phrase: 'alexa',
    file: 'alexa_v0.1.onnx',
    sizeBytes: 854_246,
    sha256: '6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e',
    url: `${RELEASE}/alexa_v0.1.onnx`,
  },
  {
    id: 'hey_mycroft_v0.1',
    phrase: 'hey mycroft',
    file: 'hey_mycroft_v0.1.onnx',
    sizeBytes: 503_850,
    sha256: '785bdf5655863ae47553b23793aa108c7b0152d4823f7869b41f2d2d765912fc',
    url: `${TAG_V040}/hey_mycroft_v0.1.onnx`,
  },
]);

export const FRONT_END_FILES: readonly string[] = WAKE_FRONT_END.map((f) => f.file);

export function findWakePhrase(id: string): WakePhraseEntry | undefined {
  const short = (entryId: string) => entryId.replace(/_v\d+(\.\d+)*$/, '');
  return WAKE_PHRASE_CATALOG.find((e) => e.id === id || e.file === id || short(e.id) === id);
}

/** `mirror` (a base URL) holds the files flat: <mirror>/<file>. */
export function wakeDownloadUrl(entry: WakeModelFile, mirror: string | undefined): string {
  const base = mirror?.trim().replace(/\/+$/, '');
  return base ? `${base}/${encodeURIComponent(entry.file)}` : entry.url;
}

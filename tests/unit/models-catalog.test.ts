import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL_BASE_URL,
  downloadUrlFor,
  findCatalogEntry,
  MODEL_CATALOG,
  recommendModel,
  resolveBaseUrl,
} from '../../src/services/models/catalog.js';
import { ProgressMeter } from '../../src/services/models/progress-meter.js';
import { backoffDelay, classifyNetworkError } from '../../src/services/models/retry.js';
import { formatBytes, formatDuration } from '../../src/shared/format-bytes.js';
import { CatalogEntry, ModelCommand, ModelEvent } from '../../src/shared/models.js';

const GiB = 1024 ** 3;

describe('model catalog', () => {
  it('has every published Whisper and Parakeet file once, each with its size and SHA-256', () => {
    expect(MODEL_CATALOG).toHaveLength(31);
    expect(new Set(MODEL_CATALOG.map((e) => e.name)).size).toBe(31);
    for (const entry of MODEL_CATALOG) {
      expect(CatalogEntry.parse(entry)).toEqual(entry);
      expect(entry.file).toBe(`ggml-${entry.name}.bin`);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.languages).toBe(entry.name.includes('.en') ? 'english' : 'multilingual');
      expect(entry.capabilities.family).toBe(entry.engine);
    }
    expect(new Set(MODEL_CATALOG.map((e) => e.sha256)).size).toBe(31);
    expect(MODEL_CATALOG.filter((e) => e.engine === 'whisper')).toHaveLength(27);
    expect(findCatalogEntry('base.en')).toMatchObject({ sizeBytes: 147_964_211, quantization: 'f16' });
    expect(findCatalogEntry('ggml-large-v3-turbo-q5_0.bin')?.name).toBe('large-v3-turbo-q5_0');
    expect(findCatalogEntry('large-v3-turbo')?.capabilities.languages).toContain('yue');
    expect(findCatalogEntry('base')?.capabilities.languages).not.toContain('yue');
    expect(findCatalogEntry('base.en')?.capabilities).toMatchObject({ languages: ['en'], translates: false });
  });

  it('has the four Parakeet TDT 0.6B v3 files of ggml-org/parakeet-GGUF at the pinned revision', () => {
    const parakeet = MODEL_CATALOG.filter((e) => e.engine === 'parakeet');
    expect(parakeet.map((e) => [e.file, e.sizeBytes, e.sha256])).toEqual([
      [
        'ggml-parakeet-tdt-0.6b-v3-f16.bin',
        1_255_897_319,
        '833bffc9513b2cae867ee9e51633cfd11e4d51aaa5597c8ac02159385a2b426f',
      ],
      [
        'ggml-parakeet-tdt-0.6b-v3-q8_0.bin',
        668_757_119,
        '4d64e9e96c2792186d072fde0034df0ad670cf680a2f53069052ead827fd600e',
      ],
      [
        'ggml-parakeet-tdt-0.6b-v3-q4_k.bin',
        415_611_879,
        '8b205b8b39c6535e153de6fb11c51db46125d45c4f16ba496fe41a0fe71b885e',
      ],
      [
        'ggml-parakeet-tdt-0.6b-v3-q4_0.bin',
        355_615_679,
        'aa7fe2f5fb47d863ca23e8b1d490632d63a2599f515268b6d6bd656158dad45e',
      ],
    ]);
    for (const entry of parakeet) {
      expect(entry).toMatchObject({
        family: 'parakeet-tdt-0.6b-v3',
        repository: 'ggml-org/parakeet-GGUF',
        revision: '35156454d1a39de06863303dd209fd2bed6ee079',
        capabilities: { takesPrompt: false, translates: false, languageSelectable: false },
        licence: { id: 'CC-BY-4.0', modelUrl: 'https://huggingface.co/nvidia/parakeet-tdt-0.6b-v3' },
      });
      expect(entry.licence.attribution).toMatch(/by NVIDIA, licensed under CC-BY-4\.0/);
      expect(entry.capabilities.languages).toHaveLength(25);
      expect(entry.note).toMatch(/No translation and no initial prompt/);
    }
    for (const entry of MODEL_CATALOG.filter((e) => e.engine === 'whisper')) {
      expect(entry.licence).toMatchObject({ id: 'MIT' });
      expect(entry.licence.attribution).toMatch(/Whisper by OpenAI/);
    }
  });

  it('orders sizes as quantisation implies: q5 < q8 < f16 within a family', () => {
    for (const base of ['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'medium.en']) {
      const q5 = MODEL_CATALOG.find((e) => e.name.startsWith(`${base}-q5`))!;
      const q8 = findCatalogEntry(`${base}-q8_0`)!;
      const f16 = findCatalogEntry(base)!;
      expect(q5.sizeBytes).toBeLessThan(q8.sizeBytes);
      expect(q8.sizeBytes).toBeLessThan(f16.sizeBytes);
    }
  });

  it('recommends a model by cores, memory, platform and language, and says why', () => {
    const machine = (cpuCores: number, gib: number, extra = {}) => ({
      cpuCores,
      totalMemoryBytes: gib * GiB,
      platform: 'linux',
      arch: 'x64',
      language: 'en',
      ...extra,
    });
    const parakeet = recommendModel(machine(16, 32));
    expect(parakeet.name).toBe('parakeet-tdt-0.6b-v3-q8_0');
    expect(parakeet.reason).toBe(
      "16 cores and 32 GB of memory carry Parakeet: about half Whisper base's errors, punctuation " +
        'built in, and English among its 25',
    );
    expect(recommendModel(machine(8, 8, { language: 'de' })).name).toBe('parakeet-tdt-0.6b-v3-q8_0');
    const japanese = recommendModel(machine(16, 32, { language: 'ja' }));
    expect(japanese.name).toBe('small-q5_1');
    expect(japanese.reason).toMatch(/Parakeet does not know your language/);
    // 8 cores but too little memory for Parakeet beside the app: Whisper base.
    expect(recommendModel(machine(8, 6)).name).toBe('base.en');
    expect(recommendModel(machine(4, 8)).name).toBe('base.en');
    expect(recommendModel(machine(4, 8)).reason).toMatch(
      /^4 cores and 8 GB of memory: Parakeet and Whisper small want 8 cores and 8 GB/,
    );
    expect(recommendModel(machine(2, 24)).reason).toBe(
      '2 cores and 24 GB of memory: too few cores for the full Whisper base; its 5-bit version is quicker and close to it',
    );
    expect(recommendModel(machine(8, 3)).reason).toMatch(/too little memory/);
    expect(recommendModel(machine(4, 8, { language: 'fr' })).name).toBe('base');
    expect(recommendModel(machine(2, 4)).name).toBe('base.en-q5_1');
    expect(recommendModel(machine(2, 1)).name).toBe('tiny.en');
    expect(recommendModel(machine(1, 1)).reason).toMatch(/^1 core and 1 GB of memory/);
    const apple = recommendModel(machine(8, 16, { platform: 'darwin', arch: 'arm64' }));
    expect(apple.name).toBe('large-v3-turbo-q5_0');
    expect(apple.reason).toMatch(/GPU/);
    for (const cores of [1, 2, 4, 8, 32]) {
      for (const gib of [1, 2, 4, 8, 64]) {
        for (const language of ['en', 'de', 'ja', 'pt-BR']) {
          const pick = recommendModel(machine(cores, gib, { language }));
          expect(findCatalogEntry(pick.name)).toBeDefined();
          expect(pick.reason).toContain(`${cores} core`);
          // Never Parakeet for a language it does not know, nor an English-only model for another.
          const entry = findCatalogEntry(pick.name)!;
          expect(entry.capabilities.languages).toContain(language.split('-')[0]);
        }
      }
    }
  });

  it('takes the download base from --mirror, then DICTATION_MODEL_MIRROR, then the setting', () => {
    const env = { DICTATION_MODEL_MIRROR: 'https://env.example/m/' };
    expect(resolveBaseUrl({}, {})).toBe(DEFAULT_MODEL_BASE_URL);
    expect(resolveBaseUrl({ settingsMirror: 'https://setting.example/x' }, {})).toBe(
      'https://setting.example/x',
    );
    expect(resolveBaseUrl({ settingsMirror: 'https://setting.example/x' }, env)).toBe(
      'https://env.example/m',
    );
    expect(resolveBaseUrl({ mirror: 'http://cli.example', settingsMirror: 'https://s' }, env)).toBe(
      'http://cli.example',
    );
    expect(() => resolveBaseUrl({ mirror: 'ftp://old.example' }, {})).toThrow(/is not http\(s\)/);
    expect(() => resolveBaseUrl({}, { DICTATION_MODEL_MIRROR: 'not a url' })).toThrow(
      /"not a url" \(from DICTATION_MODEL_MIRROR\) is not a URL/,
    );
    expect(downloadUrlFor(findCatalogEntry('base.en')!, DEFAULT_MODEL_BASE_URL)).toBe(
      'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin',
    );
  });

  it("downloads Parakeet from its own repository at the pinned revision, through a mirror's host too", () => {
    const q8 = findCatalogEntry('parakeet-tdt-0.6b-v3-q8_0')!;
    const at = 'resolve/35156454d1a39de06863303dd209fd2bed6ee079/ggml-parakeet-tdt-0.6b-v3-q8_0.bin';
    expect(downloadUrlFor(q8, DEFAULT_MODEL_BASE_URL)).toBe(
      `https://huggingface.co/ggml-org/parakeet-GGUF/${at}`,
    );
    expect(downloadUrlFor(q8, 'https://hf-mirror.com/ggerganov/whisper.cpp/resolve/main/')).toBe(
      `https://hf-mirror.com/ggml-org/parakeet-GGUF/${at}`,
    );
    // A mirror that is a plain folder holds every file by name.
    expect(downloadUrlFor(q8, 'http://models.lan/ggml')).toBe(
      'http://models.lan/ggml/ggml-parakeet-tdt-0.6b-v3-q8_0.bin',
    );
    expect(
      downloadUrlFor(
        findCatalogEntry('small.en')!,
        'https://hf-mirror.com/ggerganov/whisper.cpp/resolve/main',
      ),
    ).toBe('https://hf-mirror.com/ggerganov/whisper.cpp/resolve/main/ggml-small.en.bin');
  });
});

describe('model messages', () => {
  it('validates commands at the edge and normalises checksums', () => {
    const download = ModelCommand.parse({
      type: 'download',
      timestamp: 1,
      request: { source: 'base.en', sha256: 'A'.repeat(64) },
    });
    expect(download.type === 'download' && download.request.sha256).toBe('a'.repeat(64));
    expect(
      ModelCommand.safeParse({ type: 'download', timestamp: 1, request: { source: 'x', sha256: 'abc' } })
        .success,
    ).toBe(false);
    expect(ModelCommand.safeParse({ type: 'format-disk', timestamp: 1 }).success).toBe(false);
    expect(ModelCommand.safeParse({ type: 'use', name: 'base.en' }).success).toBe(false);
    const event = {
      type: 'download_progress',
      timestamp: 2,
      progress: {
        downloadId: 'ggml-base.en.bin',
        name: 'base.en',
        file: 'ggml-base.en.bin',
        url: 'https://example/ggml-base.en.bin',
        state: 'downloading',
        bytes: 10,
        totalBytes: 100,
        percent: 10,
        bytesPerSecond: 5,
        etaSeconds: 18,
      },
    };
    expect(ModelEvent.parse(event)).toEqual(event);
    expect(
      ModelEvent.safeParse({ ...event, progress: { ...event.progress, state: 'exploded' } }).success,
    ).toBe(false);
  });
});

describe('download helpers', () => {
  it('backs off exponentially with jitter, up to the cap', () => {
    const policy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(4000);
    expect(backoffDelay(policy, 10, () => 0.5)).toBe(30_000);
    expect(backoffDelay(policy, 2, () => 0)).toBe(1600);
    expect(backoffDelay(policy, 2, () => 1)).toBe(2400);
  });

  it('measures speed over a window and estimates the time left', () => {
    let now = 0;
    const meter = new ProgressMeter(5000, () => now);
    meter.record(0);
    now = 1000;
    meter.record(1_000_000);
    now = 2000;
    meter.record(2_000_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    expect(meter.etaSeconds(2_000_000, 10_000_000)).toBe(8);
    expect(meter.etaSeconds(5, null)).toBeNull();
    now = 60_000;
    meter.record(2_000_000);
    expect(meter.bytesPerSecond()).toBeLessThan(40_000); // a stall shows up as the window moves on
  });

  it('tells transient network failures from permanent ones', () => {
    const reset = Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } });
    expect(classifyNetworkError(reset)).toMatchObject({
      transient: true,
      reason: 'the connection was dropped',
    });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyNetworkError(refused).transient).toBe(true);
    const dns = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    expect(classifyNetworkError(dns)).toMatchObject({
      transient: false,
      reason: 'the server name could not be resolved',
    });
    expect(classifyNetworkError(new Error('EACCES: permission denied')).transient).toBe(false);
  });

  it('formats sizes and durations for people', () => {
    expect(formatBytes(586_836)).toBe('587 KB');
    expect(formatBytes(147_964_211)).toBe('148 MB');
    expect(formatBytes(1_624_555_275)).toBe('1.6 GB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });
});

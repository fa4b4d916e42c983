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
  it('has every published tiny..large-v3-turbo file once, each with its size and SHA-256', () => {
    expect(MODEL_CATALOG).toHaveLength(27);
    expect(new Set(MODEL_CATALOG.map((e) => e.name)).size).toBe(27);
    for (const entry of MODEL_CATALOG) {
      expect(CatalogEntry.parse(entry)).toEqual(entry);
      expect(entry.file).toBe(`ggml-${entry.name}.bin`);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.languages).toBe(entry.name.includes('.en') ? 'english' : 'multilingual');
    }
    expect(new Set(MODEL_CATALOG.map((e) => e.sha256)).size).toBe(27);
    expect(findCatalogEntry('base.en')).toMatchObject({ sizeBytes: 147_964_211, quantization: 'f16' });
    expect(findCatalogEntry('ggml-large-v3-turbo-q5_0.bin')?.name).toBe('large-v3-turbo-q5_0');
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

  it('recommends a model by cores, memory, platform and language', () => {
    const machine = (cpuCores: number, gib: number, extra = {}) => ({
      cpuCores,
      totalMemoryBytes: gib * GiB,
      platform: 'linux',
      arch: 'x64',
      language: 'en',
      ...extra,
    });
    expect(recommendModel(machine(16, 32)).name).toBe('small.en-q5_1');
    expect(recommendModel(machine(16, 32, { language: 'de' })).name).toBe('small-q5_1');
    expect(recommendModel(machine(4, 8)).name).toBe('base.en');
    expect(recommendModel(machine(2, 4)).name).toBe('base.en-q5_1');
    expect(recommendModel(machine(2, 1)).name).toBe('tiny.en');
    expect(recommendModel(machine(8, 16, { platform: 'darwin', arch: 'arm64' })).name).toBe(
      'large-v3-turbo-q5_0',
    );
    for (const cores of [1, 2, 4, 8, 32]) {
      for (const gib of [1, 2, 4, 8, 64]) {
        expect(findCatalogEntry(recommendModel(machine(cores, gib)).name)).toBeDefined();
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

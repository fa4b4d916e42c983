import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { MicrophoneSource } from '../../src/services/capture/microphone-source.js';
import { createTextDelivery } from '../../src/services/delivery/index.js';
import { DictationController } from '../../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import {
  pulseAvailable,
  speechWav,
  startVirtualMicrophone,
  type VirtualMicrophone,
} from '../helpers/pulse.js';
import {
  focusWindow,
  missingDesktopTools,
  readSelection,
  startXtermCat,
  startXvfb,
  writeSelection,
  type XServer,
} from '../helpers/x11-desktop.js';

const missing = [pulseAvailable(), ...missingDesktopTools().map((t) => `${t} is not installed`)].filter(
  (m): m is string => m !== null,
);
if (missing.length) console.warn(`[dictation-journey] skipped: ${missing.join('; ')}`);

/**
 * The whole journey with nothing faked: speech played into a PulseAudio virtual microphone, captured by
 * PortAudio (naudiodon), pre-roll and Silero VAD and whisper in the engine process, then pasted into a
 * real X11 window (an xterm under Xvfb) by the real delivery code, with the user's clipboard restored.
 */
describe.skipIf(missing.length > 0)('dictation journey: virtual microphone -> text in an X11 window', () => {
  let mic: VirtualMicrophone;
  let x: XServer;
  let host: EngineHost;
  let controller: DictationController;
  let xterm: { windowId: string; stop: () => Promise<void> };
  let temp: { dir: string; cleanup: () => void };
  const typedFile = () => path.join(temp.dir, 'typed.txt');

  beforeAll(async () => {
    temp = makeTempDir('dictation-journey-');
    mic = await startVirtualMicrophone();
    process.env['PULSE_SERVER'] = mic.server;
    x = await startXvfb();
    xterm = await startXtermCat(x.env, typedFile());
    focusWindow(x.env, xterm.windowId);
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'journey',
      logger: silentLogger(),
    });
    await host.start();
    await host.loadModel(fixtures.microModel);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 700,
      preRollMs: 500,
      options: { language: 'en' },
    });
    const delivery = createTextDelivery({ logger: silentLogger(), env: x.env });
    controller = new DictationController({
      engine: host,
      createSource: () => new MicrophoneSource({ deviceId: null }),
      deliver: (text) => delivery.deliverText(text, { mode: 'paste', trailingSpace: true }),
      logger: silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    await controller.arm();
  });

  afterAll(async () => {
    await controller?.dispose();
    await host?.stop();
    await xterm?.stop();
    await x?.stop();
    await mic?.stop();
    temp?.cleanup();
    delete process.env['PULSE_SERVER'];
  });

  it('types what was said into the focused window and gives the user their clipboard back', async () => {
    writeSelection(x.env, "the user's own clipboard ✓");
    const speech = path.join(temp.dir, 'speech.wav');
    speechWav(speech, 'please book a table for two at seven');
    await new Promise((resolve) => setTimeout(resolve, 800)); // the pre-roll fills
    const events: DictationEvent[] = [];
    const off = controller.subscribe((e) => events.push(e));
    // The key goes down just as the user starts to speak; it comes up after they finish.
    const sessionId = await controller.start('hotkey');
    await mic.play(speech);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await controller.stop();
    const delivered = await new Promise<Extract<DictationEvent, { type: 'delivered' }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not delivered: ${events.map((e) => e.type).join(', ')}`)),
        60_000,
      );
      const check = setInterval(() => {
        const found = events.find((e) => e.type === 'delivered' && e.sessionId === sessionId);
        if (found?.type === 'delivered') {
          clearTimeout(timer);
          clearInterval(check);
          resolve(found);
        }
      }, 50);
    });
    off();
    expect(delivered.text.trim().length).toBeGreaterThan(0);
    expect(delivered.method).toBe('paste');
    // The xterm's cat wrote what arrived; give it a moment to flush.
    for (let i = 0; i < 100 && statSync(typedFile(), { throwIfNoEntry: false })?.size === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readFileSync(typedFile(), 'utf8')).toBe(`${delivered.text} `);
    expect(readSelection(x.env)?.toString()).toBe("the user's own clipboard ✓");
    expect(events.some((e) => e.type === 'speech_start')).toBe(true);
    expect(delivered.timings.releaseToTextMs).toBeGreaterThan(0);
  });
});

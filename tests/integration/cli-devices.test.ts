import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { pulseAvailable, startVirtualMicrophone, type VirtualMicrophone } from '../helpers/pulse.js';
import { runCli } from '../helpers/run-cli.js';

const missing = pulseAvailable();
if (missing) console.warn(`[cli-devices] skipped: ${missing}`);

interface Listed {
  microphones: { id: number; name: string; isDefault: boolean; channels: number }[];
}

/** `dictation devices` against a real PulseAudio with a virtual microphone (PortAudio through ALSA). */
describe.skipIf(missing !== null)('dictation devices', () => {
  let mic: VirtualMicrophone;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mic = await startVirtualMicrophone();
    env = { PULSE_SERVER: mic.server };
  });

  afterAll(async () => {
    await mic?.stop();
  });

  it('lists the microphones with exactly one default, as JSON and as a table that marks it', async () => {
    const json = await runCli(['devices', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const { microphones } = JSON.parse(json.stdout) as Listed;
    expect(microphones.length).toBeGreaterThan(0);
    expect(microphones.every((m) => m.channels > 0)).toBe(true);
    const defaults = microphones.filter((m) => m.isDefault);
    expect(defaults).toHaveLength(1);

    const table = await runCli(['devices'], env);
    expect(table.code, table.stderr).toBe(0);
    const marked = table.stdout.split('\n').filter((line) => /^\*\s+\d/.test(line));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(new RegExp(`^\\*\\s+${defaults[0]!.id}\\s+${defaults[0]!.name}\\b`));
    for (const m of microphones) expect(table.stdout).toContain(m.name);
  });

  it('listen --device with an id that is not there points to "dictation devices"', async () => {
    const result = await runCli(
      ['listen', '--device', '4242', '--model', fixtures.microModel, '--vad-model', fixtures.sileroVad],
      env,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Microphone #4242 is not connected');
    expect(result.stderr).toContain('"dictation devices"');
    expect(result.stderr).not.toMatch(/in Settings/);
  });
});

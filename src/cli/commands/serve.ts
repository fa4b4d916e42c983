import path from 'node:path';
import type { Command } from 'commander';
import type { EngineClient } from '../../engine/client/engine-client.js';
import { createStderrLogger } from '../../services/logging/logger.js';
import { modelNameFromFile } from '../../services/models/model-store.js';
import { ResidentTranscriber } from '../../services/transcription-server/resident-transcriber.js';
import { startTranscriptionServer } from '../../services/transcription-server/transcription-server.js';
import { AppError } from '../../shared/errors.js';
import { cliErrorLine } from '../cli-errors.js';
import { readAppSettings } from '../cli-settings.js';
import { resolveModelChoice } from '../model-choice.js';
import { numberOption } from '../number-option.js';
import { CliModelEngine } from '../model-engine.js';

interface ServeFlags {
  model?: string;
  port: number;
  host: string;
  token?: string;
  maxUploadMb: number;
  gpu: boolean;
  temperatureFallback: boolean;
}

const parsePort = numberOption({ min: 0, max: 65535, hint: 'give a port from 0 to 65535.' });
const parseMb = numberOption({ min: 1, max: 4096, whole: false, hint: 'give megabytes from 1 to 4096.' });

/** `dictation serve` (its name and summary are in command-table.ts). */
export function defineServe(command: Command): void {
  command
    .option(
      '-m, --model <name|path>',
      'speech model: a name such as base.en or a ggml file; default: the active model',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8178)
    .option('--host <addr>', 'address to listen on; anything but loopback needs --token', '127.0.0.1')
    .option(
      '--token <token>',
      'API key clients must send (at least 32 random characters); or DICTATION_SERVE_TOKEN',
    )
    .option('--max-upload-mb <n>', 'largest upload accepted', parseMb, 25)
    .option('--no-gpu', 'do not try the GPU')
    .option('--no-temperature-fallback', 'greedy decoding only: the same audio always gives the same text')
    .action(async (flags: ServeFlags) => {
      process.exitCode = await runServe(flags);
    });
}

async function runServe(flags: ServeFlags): Promise<number> {
  const logger = createStderrLogger('info');
  let modelPath: string;
  try {
    modelPath = await resolveModelChoice(flags.model, (await readAppSettings()).settings);
  } catch (error) {
    console.error(cliErrorLine(error, 'dictation serve'));
    return 2;
  }
  const engine = new CliModelEngine(
    modelPath,
    { useGpu: flags.gpu, gpuDevice: null },
    (line) => console.error(line),
    false,
  );
  let client: EngineClient | null = null;
  let starting: Promise<EngineClient> | null = null;
  const current = async (): Promise<EngineClient> => {
    if (client?.alive) return client;
    if (client) engine.noteCrash(new AppError('engine_crashed', 'the engine stopped'));
    starting ??= engine.start().finally(() => (starting = null));
    client = await starting;
    return client;
  };
  try {
    await current();
  } catch (error) {
    console.error(cliErrorLine(error, 'dictation serve'));
    await engine.shutdown();
    return 2;
  }
  const modelId = modelNameFromFile(path.basename(modelPath));
  const transcriber = new ResidentTranscriber(current, [{ id: modelId, path: modelPath }]);
  let server;
  try {
    server = await startTranscriptionServer({
      transcriber,
      host: flags.host,
      port: flags.port,
      token: flags.token ?? process.env['DICTATION_SERVE_TOKEN'],
      maxUploadBytes: flags.maxUploadMb * 1024 * 1024,
      temperatureFallback: flags.temperatureFallback,
      logger,
    });
  } catch (error) {
    console.error(cliErrorLine(error, 'dictation serve'));
    await engine.shutdown();
    return 2;
  }
  // One line on stdout that scripts (and tests) can read: where to point clients.
  process.stdout.write(
    `${JSON.stringify({ event: 'serving', baseUrl: server.baseUrl, port: server.port, model: modelId })}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await transcriber.close();
  await engine.shutdown();
  return 0;
}

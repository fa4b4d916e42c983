import type { DictationController } from './dictation-controller.js';
import type { DeviceInfo, DictationPort } from './dictation-requests.js';
import type { PipelineConfigurator } from './pipeline-configurator.js';

/**
 * The dictation the window and the hotkeys drive: a start is refused with the reason (no model, no
 * VAD, the engine restarting) unless the pipeline is ready, after looking once more for a model that
 * may have been installed since (the CLI, a download).
 */
export function readyGatedDictation(
  dictation: DictationController,
  pipeline: PipelineConfigurator,
  listDevices: () => readonly DeviceInfo[] | Promise<readonly DeviceInfo[]>,
): DictationPort {
  return {
    start: async (trigger) => {
      let problem = pipeline.readiness();
      if (problem && problem.kind !== 'unavailable') {
        pipeline.retryProblems();
        await pipeline.settled();
        problem = pipeline.readiness();
      }
      if (problem) throw problem;
      return dictation.start(trigger);
    },
    stop: () => dictation.stop(),
    cancel: () => dictation.cancel(),
    status: () => dictation.status(),
    subscribe: (listener) => dictation.subscribe(listener),
    listDevices,
  };
}

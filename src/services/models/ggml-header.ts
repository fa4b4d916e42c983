/**
 * The model file check is the engine's (src/engine/model-file): import runs the same full check that
 * every load runs, so a file the engine would refuse is never installed.
 */
export {
  inspectModelFile,
  readModelHeader,
  type ModelFileReport as GgmlModelSummary,
} from '../../engine/model-file/inspect-model-file.js';

import type { SpeechDevices } from '../../shared/speech-devices.js';
import { SelectField } from './fields/SelectField.js';
import { SettingSwitch } from './fields/setting-fields.js';
import { useSetting } from './settings-form.js';
import { useSpeechDevices } from './use-speech-devices.js';

/** Stands for `gpuDevice: null` in the drop-down (MUI shows an empty value as no value at all). */
const FIRST_GPU = 'first-gpu';

/** "Use the GPU" and, when there is a choice, which one; says where the model runs now and why. */
export function GpuFields() {
  const devices = useSpeechDevices();
  const useGpu = useSetting('speech', 'useGpu').value;
  const gpuDevice = useSetting('speech', 'gpuDevice');
  return (
    <>
      <SettingSwitch
        group="speech"
        field="useGpu"
        label="Use the GPU"
        help={inUseText(devices)}
        testId="setting-use-gpu"
      />
      <SelectField
        label="GPU"
        value={gpuDevice.value ?? FIRST_GPU}
        options={gpuOptions(devices, gpuDevice.value)}
        onChange={(value) => gpuDevice.change(value === FIRST_GPU ? null : value)}
        error={gpuDevice.error}
        help="If the GPU fails, the CPU takes over and the GPU is not tried again until you change this."
        disabled={!useGpu}
        testId="setting-gpu-device"
      />
    </>
  );
}

function gpuOptions(devices: SpeechDevices | null, chosen: string | null) {
  const gpus = devices?.gpus ?? [];
  const shared = (name: string) => gpus.filter((gpu) => gpu.name === name).length > 1;
  const options = [
    { value: FIRST_GPU, label: gpus.length > 0 ? 'Automatic (the first GPU)' : 'Automatic (no GPU found)' },
    ...gpus.map((gpu) =>
      // Two GPUs of the same model are told apart by the back-end's id.
      shared(gpu.name)
        ? { value: gpu.id, label: `${gpu.name} (${gpu.id})` }
        : { value: gpu.name, label: `${gpu.name} (${gpu.backend})` },
    ),
  ];
  if (chosen !== null && !options.some((option) => option.value === chosen)) {
    options.push({ value: chosen, label: `${chosen} (not found)` });
  }
  return options;
}

function inUseText(devices: SpeechDevices | null): string {
  const inUse = devices?.inUse;
  if (!inUse) return 'Speech runs on the GPU when there is one, and on the CPU otherwise.';
  if (inUse.gpu) return `Running on ${inUse.name}.`;
  return inUse.fallbackReason
    ? `Running on the CPU: ${inUse.fallbackReason}.`
    : `Running on the CPU (${inUse.name}).`;
}

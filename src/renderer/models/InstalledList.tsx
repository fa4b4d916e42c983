import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { InstalledModel } from '../../shared/models.js';
import { pushNotice, useAppStore } from '../store/app-store.js';
import { activeModel } from './active-model.js';
import { InstalledItem } from './InstalledItem.js';
import { modelCommand } from './model-commands.js';
import { useModelsStore } from './models-state.js';

/** The models on disk: which one dictation uses, switching (the engine reloads it) and deleting. */
export function InstalledList() {
  const installed = useModelsStore((state) => state.installed);
  const settings = useAppStore((state) => state.settings);
  const [busy, setBusy] = useState(false);
  const active = activeModel(installed, settings);
  const run = async (command: { type: 'use' | 'remove'; name: string }, done: string) => {
    setBusy(true);
    const outcome = await modelCommand(command);
    setBusy(false);
    if (outcome.ok) {
      pushNotice({ level: 'success', message: done });
    } else {
      const { message, hint } = outcome.error;
      pushNotice(hint === undefined ? { level: 'error', message } : { level: 'error', message, hint });
    }
  };
  const use = (model: InstalledModel) =>
    void run({ type: 'use', name: model.name }, `Dictation now uses ${model.name}.`);
  const remove = (model: InstalledModel) => {
    if (!window.confirm(`Delete ${model.name} (${model.file})? You can download it again later.`)) return;
    void run({ type: 'remove', name: model.name }, `${model.name} was deleted.`);
  };
  if (installed.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="installed-empty">
        No speech model is installed yet. Download one below, or import a file you already have.
      </Typography>
    );
  }
  const sorted = [...installed].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Stack data-testid="installed-list" divider={<Divider />}>
      {sorted.map((model) => (
        <InstalledItem
          key={model.file}
          model={model}
          active={model.file === active?.file}
          busy={busy}
          onUse={use}
          onDelete={remove}
        />
      ))}
    </Stack>
  );
}

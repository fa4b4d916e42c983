import type { ComponentType } from 'react';
import type { AppFeatures } from '../../shared/app-protocol.js';
import { HistoryView } from '../history/HistoryView.js';
import { SettingsView } from '../settings/SettingsView.js';
import { StatusView } from '../status/StatusView.js';

export interface ViewDefinition {
  id: string;
  label: string;
  Component: ComponentType;
  /** Shown only when the app has the service behind it. */
  available: (features: AppFeatures) => boolean;
}

/**
 * The window's views, in tab order. The Jobs and Models views join here when they land, e.g.
 * `{ id: 'jobs', label: 'Files', Component: JobsView, available: (f) => f.jobs }`.
 */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'dictate', label: 'Dictate', Component: StatusView, available: () => true },
  { id: 'history', label: 'History', Component: HistoryView, available: () => true },
  { id: 'settings', label: 'Settings', Component: SettingsView, available: () => true },
];

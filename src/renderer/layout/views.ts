import type { ComponentType } from 'react';
import type { AppFeatures } from '../../shared/app-protocol.js';
import { HistoryView } from '../history/HistoryView.js';
import { JobsView } from '../jobs/JobsView.js';
import { ModelsView } from '../models/ModelsView.js';
import { SessionsView } from '../sessions/SessionsView.js';
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
 * The window's views, in tab order.
 */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'dictate', label: 'Dictate', Component: StatusView, available: () => true },
  { id: 'history', label: 'History', Component: HistoryView, available: () => true },
  { id: 'jobs', label: 'Files', Component: JobsView, available: (f) => f.jobs },
  { id: 'sessions', label: 'Sessions', Component: SessionsView, available: (f) => f.sessions === true },
  { id: 'models', label: 'Models', Component: ModelsView, available: (f) => f.models },
  { id: 'settings', label: 'Settings', Component: SettingsView, available: () => true },
];

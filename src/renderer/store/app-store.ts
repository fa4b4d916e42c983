import { create } from 'zustand';
import type { AppFeatures, LastTranscript } from '../../shared/app-protocol.js';
import { IDLE_STATUS, type DictationStatus } from '../../shared/dictation.js';
import type { Settings } from '../../shared/settings.js';
import type { AppClient } from '../api/app-client.js';

export type Connection =
  | { status: 'connecting' }
  | { status: 'ready'; transport: AppClient['transport'] }
  | { status: 'mismatch'; windowVersion: number; appVersion: number }
  | { status: 'failed'; message: string; hint?: string }
  | { status: 'lost'; message: string; hint?: string };

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error' | 'success';
  message: string;
  hint?: string;
}

export interface LivePartial {
  sessionId: string;
  text: string;
  /** The start of `text` that is committed (finished at a pause) and will not change. */
  committedText?: string;
}

export interface AppStoreState {
  connection: Connection;
  client: AppClient | null;
  status: DictationStatus;
  /** 0..1 RMS of the last capture block, while recording. */
  level: number;
  partial: LivePartial | null;
  lastTranscript: LastTranscript | null;
  settings: Settings | null;
  features: AppFeatures;
  notices: Notice[];
  /** Bumped on every history change: lists reload when it moves. */
  historyVersion: number;
}

const NO_FEATURES: AppFeatures = { jobs: false, models: false, clipboard: false, devices: false };

export const initialState: AppStoreState = {
  connection: { status: 'connecting' },
  client: null,
  status: IDLE_STATUS,
  level: 0,
  partial: null,
  lastTranscript: null,
  settings: null,
  features: NO_FEATURES,
  notices: [],
  historyVersion: 0,
};

export const useAppStore = create<AppStoreState>()(() => initialState);

let nextNoticeId = 1;

/** Shows a notice; it replaces the one on screen (the newest news is the one that matters). */
export function pushNotice(notice: Omit<Notice, 'id'>): void {
  useAppStore.setState({ notices: [{ ...notice, id: nextNoticeId++ }] });
}

export function dismissNotice(id: number): void {
  useAppStore.setState((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
}

/** True when the window may send requests: connected, and speaking the same protocol. */
export function useCanAct(): boolean {
  return useAppStore((state) => state.connection.status === 'ready');
}

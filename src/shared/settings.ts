import { z } from 'zod';
import { parseAccelerator } from './hotkeys/accelerator.js';
import { hotkeyBindingProblems } from './hotkeys/bindings.js';
import { parseKeyCombo, type KeyRole } from './hotkeys/key-combo.js';
import { eventApiTokenProblem } from './event-api-token.js';
import { RemoteSettings, RemoteSettingsPatch, DEFAULT_REMOTE_SETTINGS } from './remote-settings.js';
import { defaultRules } from './text-shaping/rules-schema.js';
import { TextSettings, TextSettingsPatch } from './text-settings.js';

/**
 * The user's settings, grouped as the settings screen shows them. The schemas here are strict (every
 * field required) so an update that carries a bad value is rejected; DEFAULT_SETTINGS holds the default
 * of every field, and a file that lacks a field or has a bad one gets that field's default on load
 * (src/main/settings/settings-store.ts).
 */
export const SETTINGS_SCHEMA_VERSION = 2;

const accelerator = z.string().superRefine((text, ctx) => {
  const parsed = parseAccelerator(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
/** A shortcut that may be left unbound (''). */
const optionalAccelerator = z.string().superRefine((text, ctx) => {
  if (text === '') return;
  const parsed = parseAccelerator(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
const keyCombo = (role: KeyRole) =>
  z.string().superRefine((text, ctx) => {
    const parsed = parseKeyCombo(text, role);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

export const HotkeyMode = z.enum(['hold', 'toggle', 'both']);
export type HotkeyMode = z.infer<typeof HotkeyMode>;

export const HotkeySettings = z.object({
  /** hold: push-to-talk; toggle: the shortcut starts and stops; both: a short tap of the hold key toggles. */
  mode: HotkeyMode,
  toggle: accelerator,
  hold: keyCombo('hold'),
  cancel: keyCombo('cancel'),
  /** Pastes the last dictation again into the focused app; '' (the default) leaves it unbound. */
  pasteLast: optionalAccelerator,
});
export type HotkeySettings = z.infer<typeof HotkeySettings>;

const MicrophoneSettings = z.object({
  /** null: the system's default input device. */
  deviceId: z.string().min(1).nullable(),
  /** Keep the microphone open while idle so the last preRollMs are prepended: the first word is never cut. */
  preRollArmed: z.boolean(),
  preRollMs: z.number().int().min(0).max(3000),
});
export type MicrophoneSettings = z.infer<typeof MicrophoneSettings>;

const SpeechSettings = z.object({
  /** A ggml model file name in the models folder, or an absolute path to one. */
  model: z.string().min(1),
  /** "auto" detects the language; otherwise a Whisper language code such as "en", "de", "yue". */
  language: z.string().regex(/^(auto|[a-z]{2,3})$/, 'Use "auto" or a language code such as en, de, fr.'),
  translate: z.boolean(),
  /** Names, terms and spellings the user says often. */
  initialPrompt: z.string().max(1000),
  /** 0: one per core, at most 8. */
  threads: z.number().int().min(0).max(64),
  /** Try the GPU (Vulkan on Linux and Windows, Metal on macOS); the CPU is the fallback. */
  useGpu: z.boolean(),
  /** Which GPU when there are several: its name ("NVIDIA GeForce RTX 3060") or id ("Vulkan1"); null: the first. */
  gpuDevice: z.string().min(1).max(300).nullable(),
  /** Show partial text while speaking (re-decodes the growing audio about once a second). */
  livePartials: z.boolean(),
  /**
   * Finish text while I speak: each stretch of speech that ends in a pause is transcribed while the
   * key is still held, so after release only the words since the last pause are left.
   */
  finishWhileSpeaking: z.boolean(),
  /** The pause (ms of silence) that finishes the speech before it. */
  commitPauseMs: z.number().int().min(150).max(5000),
});
export type SpeechSettings = z.infer<typeof SpeechSettings>;

const VadSettings = z.object({
  /** End the recording on its own after silenceMs without speech. */
  autoStop: z.boolean(),
  silenceMs: z.number().int().min(200).max(10_000),
  /** Speech probability (0..1) above which a frame counts as speech. */
  threshold: z.number().min(0.05).max(0.95),
});
export type VadSettings = z.infer<typeof VadSettings>;

export const DeliveryMethod = z.enum(['paste', 'type', 'copy']);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

const DeliverySettings = z.object({
  /** paste: clipboard + paste keystroke (clipboard restored); type: synthetic key presses; copy: clipboard only. */
  method: DeliveryMethod,
  trailingSpace: z.boolean(),
  /**
   * The text goes only to the window that had focus when recording started: if focus moved, it is left
   * on the clipboard with a notice instead of landing elsewhere. Off: it goes wherever focus is now.
   */
  onlyStartWindow: z.boolean(),
});
export type DeliverySettings = z.infer<typeof DeliverySettings>;

const ThemeSetting = z.enum(['system', 'light', 'dark']);

const AppSettings = z.object({
  soundCues: z.boolean(),
  launchAtLogin: z.boolean(),
  /** Days a dictation stays in history; 0 keeps everything. */
  historyRetentionDays: z.number().int().min(0).max(36_500),
  /** Days each dictation's audio is kept (to play it or transcribe it again); 0 keeps none. */
  audioRetentionDays: z.number().int().min(0).max(36_500),
  /** The kept audio's total size limit, in MB: the oldest recordings go first. */
  audioMaxMb: z.number().int().min(10).max(100_000),
  /** "system" follows the OS's light/dark choice. */
  theme: ThemeSetting,
});
export type AppSettings = z.infer<typeof AppSettings>;

const WakeWordSettings = z.object({
  /** Always-on listening for the wake phrase (the tray shows when it is on). */
  enabled: z.boolean(),
  /** The phrase classifier (.onnx), downloaded on request or imported; '' when none is chosen. */
  phraseModel: z.string().max(4096),
  /** Detector score (0..1) that counts as the phrase. */
  threshold: z.number().min(0.05).max(0.99),
  /** After a detection, further ones are ignored this long. */
  refractoryMs: z.number().int().min(0).max(60_000),
});
export type WakeWordSettings = z.infer<typeof WakeWordSettings>;

export const IntegrationSettings = z.object({
  /** The local event API: a WebSocket on 127.0.0.1 (off unless the user turns it on). */
  eventApiEnabled: z.boolean(),
  eventApiPort: z.number().int().min(1024).max(65_535),
  /**
   * Required by clients; generated when the API is first turned on ('' until then). A short or
   * patterned token (see event-api-token.ts) is refused, so a file that holds one loads as '' and the
   * API, when on, generates a new one.
   */
  eventApiToken: z
    .string()
    .max(200)
    .superRefine((token, ctx) => {
      const problem = token === '' ? null : eventApiTokenProblem(token);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `${problem} A new random token is generated when the event API is on; clients then need it from Settings → Integrations.`,
        });
      }
    }),
  /** Web pages (Origins) allowed to connect; programs that send no Origin need no entry. */
  eventApiAllowedOrigins: z.array(z.string().url().max(200)).max(20),
  /** Append every dictation's audio and captions to a session recording. */
  recordSessions: z.boolean(),
  /** "Serve my engine to other programs": the OpenAI-compatible transcription server (off by default). */
  serveEnabled: z.boolean(),
  servePort: z.number().int().min(1024).max(65_535),
  /** The address it listens on: 127.0.0.1 (this computer only), or e.g. 0.0.0.0 (every network). */
  serveHost: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
    error: 'Use an IP address such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).',
  }),
  /**
   * The API key clients send; generated when the server is first turned on ('' until then). It is
   * checked where the server starts (the rule of `dictation serve`: at least 32 random characters),
   * so a weak one keeps the server off with a message saying so, never silently replaced.
   */
  serveToken: z.string().max(200),
});
export type IntegrationSettings = z.infer<typeof IntegrationSettings>;

export const Settings = z.object({
  /** Lets a later version migrate an older file; written by the store, never by hand. */
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  hotkeys: HotkeySettings,
  microphone: MicrophoneSettings,
  speech: SpeechSettings,
  vad: VadSettings,
  delivery: DeliverySettings,
  app: AppSettings,
  wakeWord: WakeWordSettings,
  integrations: IntegrationSettings,
  /** What happens to the text between recognition and delivery (words, replacements, commands, profiles). */
  text: TextSettings,
  /** Remote transcription servers (audio leaves the machine only to these) and `dictation serve`. */
  remote: RemoteSettings,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = deepFreeze({
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  hotkeys: {
    mode: 'both',
    toggle: 'CommandOrControl+Shift+Space',
    hold: 'RightCtrl',
    cancel: 'Escape',
    pasteLast: '',
  },
  microphone: { deviceId: null, preRollArmed: true, preRollMs: 500 },
  speech: {
    model: 'ggml-base.en.bin',
    language: 'auto',
    translate: false,
    initialPrompt: '',
    threads: 0,
    useGpu: true,
    gpuDevice: null,
    livePartials: true,
    finishWhileSpeaking: true,
    commitPauseMs: 400,
  },
  vad: { autoStop: false, silenceMs: 1200, threshold: 0.5 },
  delivery: { method: 'paste', trailingSpace: true, onlyStartWindow: true },
  app: {
    soundCues: true,
    launchAtLogin: false,
    historyRetentionDays: 0,
    audioRetentionDays: 7,
    audioMaxMb: 500,
    theme: 'system',
  },
  wakeWord: { enabled: false, phraseModel: '', threshold: 0.5, refractoryMs: 2000 },
  integrations: {
    eventApiEnabled: false,
    eventApiPort: 8765,
    eventApiToken: '',
    eventApiAllowedOrigins: [],
    recordSessions: false,
    serveEnabled: false,
    servePort: 8178,
    serveHost: '127.0.0.1',
    serveToken: '',
  },
  text: defaultRules(),
  remote: DEFAULT_REMOTE_SETTINGS,
});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}

export type SettingsGroup = Exclude<keyof Settings, 'schemaVersion'>;
export const SETTINGS_GROUPS = Object.keys(Settings.shape).filter(
  (key): key is SettingsGroup => key !== 'schemaVersion',
);

/** A group's part of a patch: any of its fields, and no others. */
const groupPatch = <S extends z.ZodRawShape>(group: z.ZodObject<S>) => group.partial().strict();

/** A change from the UI: any fields of any groups. Unknown groups or fields are rejected. */
export const SettingsPatch = z
  .object({
    hotkeys: groupPatch(HotkeySettings),
    microphone: groupPatch(MicrophoneSettings),
    speech: groupPatch(SpeechSettings),
    vad: groupPatch(VadSettings),
    delivery: groupPatch(DeliverySettings),
    app: groupPatch(AppSettings),
    wakeWord: groupPatch(WakeWordSettings),
    integrations: groupPatch(IntegrationSettings),
    text: TextSettingsPatch,
    remote: RemoteSettingsPatch,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Checks that need more than one field (hotkeys that collide); one sentence per problem. */
export function settingsProblems(settings: Settings): string[] {
  return hotkeyBindingProblems(settings.hotkeys);
}

/** Something about the settings file the user should hear about; the app runs on regardless. */
export const SettingsWarning = z.object({
  kind: z.enum(['corrupt_file', 'unreadable_file', 'invalid_field', 'conflict', 'newer_version']),
  message: z.string(),
  /** Dotted path of the field that was reset, e.g. "vad.silenceMs". */
  field: z.string().optional(),
  /** Where a corrupt file was moved. */
  movedTo: z.string().optional(),
});
export type SettingsWarning = z.infer<typeof SettingsWarning>;

import { AppRequest } from '../../../src/shared/app-protocol.js';
import { BRIDGE_MAX_MESSAGE_BYTES, BridgeClientMessage } from '../../../src/shared/bridge-protocol.js';
import type { FuzzCase, FuzzMessage } from './cases.js';
import { asSent } from './expectations.js';
import { badUtf8, garbageFrame } from './frames.js';
import { mutateText, nested, Random } from './random.js';

/** Every request type of the app protocol, and field names its requests use. */
const REQUEST_TYPES = AppRequest.options.map((option) => option.shape.type.value);
const FIELDS = [
  'trigger',
  'limit',
  'cursor',
  'query',
  'id',
  'text',
  'patch',
  'command',
  'jobId',
  'format',
  'path',
  'open',
  'purpose',
  'request',
  'sessionId',
  'type',
  'settings',
  'hotkeys',
  'integrations',
];

/**
 * Valid requests that change things outside the app's own data folder or take long (downloads,
 * the clipboard, settings that restart services): a generated message that happens to be one of
 * these is sent as get_state instead. Everything else, valid or not, is sent as generated.
 */
const NOT_RUN = new Set<string>([
  'settings_update',
  'copy_text',
  'models',
  'vad_install',
  'vad_import',
  'wake_model_install',
  'wake_model_import',
  'dictation_start',
  'event_api_regenerate_token',
  'serve_regenerate_token',
  'jobs',
]);

const uuid = (random: Random) =>
  [8, 4, 4, 4, 12].map((n) => random.bytes(n).toString('hex').slice(0, n)).join('-');

/** Well-formed requests with random but valid values: these must succeed or fail with a typed error. */
function validRequest(random: Random): object {
  return random.pick<() => object>([
    () => ({ type: 'get_state' }),
    () => ({ type: 'settings_get' }),
    () => ({ type: 'history_list', limit: random.between(1, 500) }),
    () => ({ type: 'history_search', query: random.string(60), limit: random.between(1, 50) }),
    () => ({ type: 'history_list', cursor: random.string(30) || 'x' }),
    () => ({ type: 'history_delete', id: random.string(30) || 'x' }),
    () => ({ type: 'devices_list' }),
    () => ({ type: 'vad_status' }),
    () => ({ type: 'integrations_status' }),
    () => ({ type: 'sessions_list' }),
    () => ({ type: 'wake_models_list' }),
    () => ({ type: 'microphone_check', open: random.chance(0.5) }),
    () => ({ type: 'session_delete', sessionId: uuid(random) }),
    () => ({ type: 'session_export', sessionId: uuid(random), format: random.pick(['vtt', 'srt', 'txt']) }),
    () => ({ type: 'job_export', jobId: uuid(random), format: 'vtt' }),
    () => ({ type: 'open_path', path: `/tmp/${random.string(20)}` }),
    () => ({ type: 'show_in_folder', path: `/tmp/${random.string(20)}` }),
    () => ({ type: 'dictation_stop' }),
    () => ({ type: 'dictation_cancel' }),
  ])();
}

function wrongFields(random: Random): object {
  const request: Record<string, unknown> = {
    type: random.chance(0.9) ? random.pick(REQUEST_TYPES) : random.json(1),
  };
  for (let n = random.between(1, 4); n > 0; n--) request[random.pick(FIELDS)] = random.json(3);
  return request;
}

let nextId = 1;
const envelope = (request: unknown, id: unknown = nextId++) =>
  JSON.stringify({ kind: 'request', id, request });

/** Sends get_state in place of a valid request that would act outside the test (see NOT_RUN). */
function tame(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(asSent(text));
  } catch {
    return text;
  }
  const parsed = BridgeClientMessage.safeParse(json);
  if (!parsed.success) return text;
  const request = AppRequest.safeParse(parsed.data.request);
  if (!request.success || !NOT_RUN.has(request.data.type)) return text;
  return envelope({ type: 'get_state' }, parsed.data.id);
}

function message(random: Random, kind: string): FuzzMessage {
  switch (kind) {
    case 'valid':
      return { text: envelope(validRequest(random)) };
    case 'wrong_fields':
      return { text: envelope(wrongFields(random)) };
    case 'mutated':
      return {
        text: mutateText(random, envelope(random.chance(0.5) ? validRequest(random) : wrongFields(random))),
      };
    case 'random_json':
      return { text: JSON.stringify(random.json(4)) ?? 'null' };
    case 'bad_envelope': {
      const id = random.pick<unknown>([-1, 1.5, '7', null, 2 ** 60, [], {}, true, undefined]);
      const kind = random.pick<unknown>(['request', 'response', 'hello', 'REQUEST', 1, undefined]);
      return {
        text: JSON.stringify({
          kind,
          id,
          request: random.chance(0.5) ? validRequest(random) : random.json(2),
        }),
      };
    }
    case 'not_json':
      return { text: random.string(200) };
    case 'huge_string': {
      const size = random.between(10_000, BRIDGE_MAX_MESSAGE_BYTES - 1024);
      const field = random.pick(FIELDS);
      return { text: envelope({ type: random.pick(REQUEST_TYPES), [field]: 'x'.repeat(size) }) };
    }
    case 'deep': {
      // Most past the bridge's nesting limit (refused unparsed), some within it.
      const depth = random.chance(0.3) ? random.between(5, 60) : random.between(65, 40_000);
      const inner = nested(depth, random.chance(0.5));
      return random.chance(0.5)
        ? {
            text: `{"kind":"request","id":${nextId++},"request":{"type":"${random.pick(REQUEST_TYPES)}","${random.pick(FIELDS)}":${inner}}}`,
          }
        : { text: inner };
    }
    default:
      return {
        binary: random.chance(0.5)
          ? random.bytes(random.between(1, 2000))
          : Buffer.from(envelope({ type: 'get_state' })),
      };
  }
}

const ANSWERED = {
  valid: 12,
  wrong_fields: 30,
  mutated: 18,
  random_json: 8,
  bad_envelope: 6,
  not_json: 5,
  huge_string: 3,
  deep: 5,
  binary: 5,
} as const;

/** Bridge fuzz cases from `seed`, at least `count` messages in all. */
export function bridgeCases(seed: number, count: number): FuzzCase[] {
  const random = new Random(seed);
  nextId = 1;
  const cases: FuzzCase[] = [];
  let messages = 0;
  while (messages < count) {
    const roll = random.int(100);
    let fuzzCase: FuzzCase;
    if (roll < 2) {
      fuzzCase = {
        label: 'oversized',
        messages: [
          {
            text: envelope({
              type: 'copy_text',
              text: 'x'.repeat(BRIDGE_MAX_MESSAGE_BYTES + random.int(100_000)),
            }),
          },
        ],
        closeCodes: [1009],
      };
    } else if (roll < 4) {
      fuzzCase = { label: 'bad_utf8', messages: [{ rawText: badUtf8(random) }], closeCodes: [1007] };
    } else if (roll < 6) {
      fuzzCase = { label: 'garbage_frame', garbage: garbageFrame(random) };
    } else if (roll < 10) {
      const burst = Array.from({ length: random.between(20, 200) }, () =>
        message(random, random.weighted(ANSWERED)),
      );
      fuzzCase = { label: 'burst', messages: burst.map(tameMessage), closeCodes: [] };
    } else {
      const kind = random.weighted(ANSWERED);
      fuzzCase = { label: kind, messages: [tameMessage(message(random, kind))], closeCodes: [] };
    }
    cases.push(fuzzCase);
    messages += 'garbage' in fuzzCase ? 1 : fuzzCase.messages.length;
  }
  return cases;
}

function tameMessage(fuzzMessage: FuzzMessage): FuzzMessage {
  return 'text' in fuzzMessage ? { text: tame(fuzzMessage.text) } : fuzzMessage;
}

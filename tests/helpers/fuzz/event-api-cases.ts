import { EVENT_API_MAX_MESSAGE_BYTES } from '../../../src/shared/event-api.js';
import type { FuzzCase, FuzzMessage } from './cases.js';
import { badUtf8, garbageFrame } from './frames.js';
import { mutateText, nested, Random } from './random.js';

const COMMANDS = ['start', 'stop', 'cancel', 'status'] as const;
const FIELDS = ['type', 'id', 'token', 'text', 'status', 'version', 'sessionId'];

function validCommand(random: Random): object {
  const type = random.pick(COMMANDS);
  return random.chance(0.7) ? { type, id: random.string(64) } : { type };
}

function wrongFields(random: Random): object {
  const command: Record<string, unknown> = {
    type: random.chance(0.8) ? random.pick(COMMANDS) : random.json(1),
    id: random.chance(0.5) ? random.json(2) : 'i'.repeat(random.between(65, 300)),
  };
  for (let n = random.int(4); n > 0; n--) command[random.pick(FIELDS)] = random.json(3);
  return command;
}

function message(random: Random, kind: string): FuzzMessage {
  switch (kind) {
    case 'valid':
      return { text: JSON.stringify(validCommand(random)) };
    case 'wrong_fields':
      return { text: JSON.stringify(wrongFields(random)) };
    case 'mutated':
      return {
        text: mutateText(
          random,
          JSON.stringify(random.chance(0.5) ? validCommand(random) : wrongFields(random)),
        ),
      };
    case 'random_json':
      return { text: JSON.stringify(random.json(4)) ?? 'null' };
    case 'not_json':
      return { text: random.string(200) };
    case 'huge_string':
      // Just under the 4 KB limit: answered, not closed.
      return {
        text: JSON.stringify({
          type: random.pick(COMMANDS),
          id: 'x'.repeat(EVENT_API_MAX_MESSAGE_BYTES - 40),
        }),
      };
    default: {
      const inner = nested(random.between(50, 800), random.chance(0.5));
      return { text: random.chance(0.5) ? `{"type":"status","id":${inner}}` : inner };
    }
  }
}

function tooBig(fuzzMessage: FuzzMessage): boolean {
  return 'text' in fuzzMessage && Buffer.byteLength(fuzzMessage.text) > EVENT_API_MAX_MESSAGE_BYTES;
}

const ANSWERED = {
  valid: 15,
  wrong_fields: 35,
  mutated: 20,
  random_json: 10,
  not_json: 8,
  huge_string: 4,
  deep: 8,
} as const;

/** Event API fuzz cases from `seed`, at least `count` messages in all. */
export function eventApiCases(seed: number, count: number): FuzzCase[] {
  const random = new Random(seed);
  const cases: FuzzCase[] = [];
  let messages = 0;
  while (messages < count) {
    const roll = random.int(100);
    let fuzzCase: FuzzCase;
    if (roll < 2) {
      const text = JSON.stringify({
        type: 'status',
        id: 'x'.repeat(EVENT_API_MAX_MESSAGE_BYTES + random.int(10_000)),
      });
      fuzzCase = { label: 'oversized', messages: [{ text }], closeCodes: [1009] };
    } else if (roll < 4) {
      fuzzCase = { label: 'bad_utf8', messages: [{ rawText: badUtf8(random) }], closeCodes: [1007] };
    } else if (roll < 6) {
      fuzzCase = {
        label: 'binary',
        messages: [{ binary: random.bytes(random.between(1, 3000)) }],
        closeCodes: [1008],
      };
    } else if (roll < 8) {
      fuzzCase = { label: 'garbage_frame', garbage: garbageFrame(random) };
    } else if (roll < 12) {
      const burst = Array.from({ length: random.between(10, 60) }, () =>
        message(random, random.weighted(ANSWERED)),
      );
      fuzzCase = { label: 'burst', messages: burst.filter((m) => !tooBig(m)), closeCodes: [] };
    } else {
      const kind = random.weighted(ANSWERED);
      const generated = message(random, kind);
      // Random values can pass the 4 KB limit: such a message is an oversized one.
      fuzzCase = tooBig(generated)
        ? { label: 'oversized', messages: [generated], closeCodes: [1009] }
        : { label: kind, messages: [generated], closeCodes: [] };
    }
    cases.push(fuzzCase);
    messages += 'garbage' in fuzzCase ? 1 : fuzzCase.messages.length;
  }
  return cases;
}

import { z } from 'zod';
import { AppRequest, appResponseSchema, type AppRequestType } from '../../../src/shared/app-protocol.js';
import {
  BRIDGE_MAX_NESTING,
  BridgeClientMessage,
  BridgeServerMessage,
} from '../../../src/shared/bridge-protocol.js';
import { SerializedError } from '../../../src/shared/errors.js';
import { EventApiCommand, EventApiMessage } from '../../../src/shared/event-api.js';
import type { FuzzMessage } from './cases.js';

/** What the answer to one sent message must be; `key` pairs answers with messages sent at once. */
export interface Expectation {
  key: string;
  /** Checks the answer; returns the tally name (ok or the error's kind) or throws what is wrong. */
  check(reply: unknown): string;
}

/** How the fuzz reads one protocol: which server messages are answers, and what each must be. */
export interface ProtocolRules {
  /** Broadcasts and greetings are not answers. Throws on a message that is not valid at all. */
  isAnswer(message: unknown): boolean;
  /** The key of an answer, to find the message it answers. */
  keyOf(answer: unknown): string;
  expect(message: FuzzMessage): Expectation;
}

/**
 * The text as the server reads it: sent as UTF-8, so a lone surrogate (a mutation can split a pair)
 * arrives as U+FFFD.
 */
export function asSent(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** How deep arrays and objects nest in the text, outside strings (the test's own count). */
function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  const outside = asSent(text).replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const c of outside) {
    if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(asSent(text)) };
  } catch {
    return { ok: false };
  }
}

const bridgeError = z.object({ kind: z.literal('error'), error: SerializedError });

export const bridgeRules: ProtocolRules = {
  isAnswer(message) {
    const parsed = BridgeServerMessage.parse(message);
    return parsed.kind === 'response' || parsed.kind === 'error';
  },
  keyOf(answer) {
    const parsed = BridgeServerMessage.parse(answer);
    return parsed.kind === 'response' ? `response:${parsed.id}` : 'error';
  },
  expect(message) {
    const tooDeep = 'text' in message && depthOf(message.text) > BRIDGE_MAX_NESTING;
    const json = 'text' in message && !tooDeep ? parseJson(message.text) : { ok: false as const };
    const envelope = json.ok ? BridgeClientMessage.safeParse(json.value) : null;
    if (!envelope?.success) {
      return {
        key: 'error',
        check: (reply) => {
          const parsed = bridgeError.parse(reply);
          if (parsed.error.kind !== 'invalid_message') throw new Error(`error kind ${parsed.error.kind}`);
          return 'invalid_message';
        },
      };
    }
    const request = AppRequest.safeParse(envelope.data.request);
    const type: AppRequestType | null = request.success ? request.data.type : null;
    return {
      key: `response:${envelope.data.id}`,
      check: (reply) => {
        const { response } = z.object({ kind: z.literal('response'), response: z.unknown() }).parse(reply);
        const parsed = appResponseSchema(type ?? 'get_state').parse(response);
        if (type === null && (parsed.ok || parsed.error.kind !== 'invalid_request')) {
          throw new Error('an invalid request was not refused as invalid_request');
        }
        // 'internal' is the app's word for an exception nobody expected: a bug, not an answer.
        if (!parsed.ok && parsed.error.kind === 'internal') {
          throw new Error(`internal error: ${parsed.error.message}`);
        }
        return parsed.ok ? 'ok' : parsed.error.kind;
      },
    };
  },
};

const reply = z.object({
  type: z.literal('reply'),
  id: z.string().nullable(),
  ok: z.boolean(),
  error: z.string().optional(),
});

export const eventApiRules: ProtocolRules = {
  isAnswer(message) {
    return EventApiMessage.parse(message).type === 'reply';
  },
  keyOf(answer) {
    return `reply:${String(reply.parse(answer).id)}`;
  },
  expect(message) {
    const json = 'text' in message ? parseJson(message.text) : { ok: false as const };
    const command = json.ok ? EventApiCommand.safeParse(json.value) : null;
    const rawId = json.ok ? (json.value as { id?: unknown } | null)?.id : undefined;
    const id = command?.success
      ? (command.data.id ?? null)
      : typeof rawId === 'string'
        ? rawId.slice(0, 64)
        : null;
    // What the server says about a message it cannot run; anything else is the app's own refusal.
    const unreadable = !json.ok ? 'not JSON' : command?.success ? null : 'unknown or malformed command';
    return {
      key: `reply:${String(id)}`,
      check: (answer) => {
        const parsed = reply.parse(answer);
        if (unreadable !== null) {
          if (parsed.ok || parsed.error !== unreadable) throw new Error(`not refused as "${unreadable}"`);
          return unreadable;
        }
        if (parsed.ok) return 'ok';
        if (!parsed.error || parsed.error === 'not JSON' || parsed.error === 'unknown or malformed command') {
          throw new Error(`a valid command refused with "${parsed.error}"`);
        }
        // One tally line per kind of refusal, whichever session it names.
        return `refused: ${parsed.error.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 60)}`;
      },
    };
  },
};

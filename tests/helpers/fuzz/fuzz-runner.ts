import WebSocket from 'ws';
import { messageCount, type FuzzCase, type FuzzMessage } from './cases.js';
import type { Expectation, ProtocolRules } from './expectations.js';
import { sendRawFrames } from './frames.js';

export interface FuzzTarget {
  name: string;
  /** The WebSocket address with its token. */
  url: string;
  origin?: string;
  port: number;
  /** The same upgrade, written by hand, for frames the ws client cannot send. */
  raw: { path: string; host: string; origin?: string };
  rules: ProtocolRules;
}

export interface FuzzTally {
  cases: number;
  messages: number;
  /** 'ok', each error kind, 'close 1009', ... with how many messages ended so. */
  outcomes: Record<string, number>;
  /** What went wrong (the first 20), with the case's label. */
  failures: string[];
  connections: number;
}

const CASE_TIMEOUT_MS = 30_000;

/** One fuzz connection: sends a case's messages at once and pairs the answers with them. */
class FuzzConnection {
  private waiting: {
    expectations: Expectation[];
    onAnswer: (answer: unknown) => void;
    onClose: (code: number) => void;
  } | null = null;
  closed = false;
  /** After a failed case its other answers may still arrive: they are not checked. */
  private abandoned = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly rules: ProtocolRules,
    private readonly fail: (problem: string) => void,
  ) {
    socket.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
        if (!rules.isAnswer(json)) return;
      } catch (error) {
        fail(`unreadable server message: ${(error as Error).message.slice(0, 200)}`);
        return;
      }
      if (this.abandoned) return;
      if (this.waiting) this.waiting.onAnswer(json);
      else fail(`an answer nobody asked for: ${String(data).slice(0, 200)}`);
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.waiting?.onClose(code);
    });
    socket.on('error', () => undefined);
  }

  static open(target: FuzzTarget, fail: (problem: string) => void): Promise<FuzzConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(target.url, target.origin ? { origin: target.origin } : {});
      const connection = new FuzzConnection(socket, target.rules, fail);
      socket.once('open', () => resolve(connection));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`${target.name} refused the connection: HTTP ${response.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  /** Resolves with the tally names of the answers, or with the close code. */
  run(messages: FuzzMessage[]): Promise<{ answers: string[] } | { closed: number }> {
    const expectations = messages.map((message) => this.rules.expect(message));
    const received: unknown[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no answer in ${CASE_TIMEOUT_MS / 1000} s (${received.length}/${messages.length})`),
          ),
        CASE_TIMEOUT_MS,
      );
      const finish = (result: { answers: string[] } | { closed: number }) => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(result);
      };
      this.waiting = {
        expectations,
        onAnswer: (answer) => {
          received.push(answer);
          if (received.length < expectations.length) return;
          try {
            finish({ answers: pairAnswers(expectations, received, this.rules) });
          } catch (error) {
            clearTimeout(timer);
            this.waiting = null;
            reject(error as Error);
          }
        },
        onClose: (code) => finish({ closed: code }),
      };
      for (const message of messages) {
        if ('text' in message) this.socket.send(message.text);
        else if ('binary' in message) this.socket.send(message.binary, { binary: true });
        else this.socket.send(message.rawText, { binary: false });
      }
    });
  }

  close(): void {
    this.abandoned = true;
    this.socket.close();
  }
}

/**
 * Pairs each answer with a message it is a right answer to. Answers to messages sent at once may come
 * in any order, and several may share a key (the event API's id null), so this is a bipartite
 * matching (augmenting paths), not first come, first served. Throws when some answer fits no message.
 */
function pairAnswers(expectations: Expectation[], answers: unknown[], rules: ProtocolRules): string[] {
  const fits = answers.map((answer) => {
    const key = rules.keyOf(answer);
    return expectations.map((expectation) => {
      if (expectation.key !== key) return `not ${expectation.key}`;
      try {
        return { tally: expectation.check(answer) };
      } catch (error) {
        return (error as Error).message.slice(0, 300);
      }
    });
  });
  const owner = new Array<number>(expectations.length).fill(-1);
  const assign = (answer: number, seen: boolean[]): boolean => {
    for (let e = 0; e < expectations.length; e++) {
      if (typeof fits[answer]?.[e] !== 'object' || seen[e]) continue;
      seen[e] = true;
      if (owner[e] === -1 || assign(owner[e] ?? -1, seen)) {
        owner[e] = answer;
        return true;
      }
    }
    return false;
  };
  answers.forEach((answer, index) => {
    if (assign(index, [])) return;
    const why = [...new Set(fits[index]?.filter((fit) => typeof fit === 'string'))].slice(0, 3).join('; ');
    throw new Error(`${why || 'no message fits'}; answer ${JSON.stringify(answer).slice(0, 200)}`);
  });
  return owner.map((answer, e) => (fits[answer]?.[e] as { tally: string }).tally);
}

/** Runs every case against `target` over `parallel` connections; a closed connection is reopened. */
export async function runFuzz(target: FuzzTarget, cases: FuzzCase[], parallel: number): Promise<FuzzTally> {
  const tally: FuzzTally = { cases: 0, messages: 0, outcomes: {}, failures: [], connections: 0 };
  const count = (outcome: string, n = 1) => {
    tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + n;
  };
  let next = 0;
  const failure = (label: string) => (problem: string) => {
    if (tally.failures.length < 20) tally.failures.push(`${target.name} ${label}: ${problem}`);
    count('FAILED');
  };

  async function worker(): Promise<void> {
    let connection: FuzzConnection | null = null;
    for (;;) {
      const fuzzCase = cases[next++];
      if (!fuzzCase) break;
      const fail = failure(fuzzCase.label);
      tally.cases += 1;
      tally.messages += messageCount(fuzzCase);
      if ('garbage' in fuzzCase) {
        const outcome = await sendRawFrames(target.port, target.raw, fuzzCase.garbage.bytes);
        if (typeof outcome === 'number' && fuzzCase.garbage.closeCodes.includes(outcome))
          count(`close ${outcome}`);
        else fail(`${fuzzCase.garbage.label}: ${outcome}, not ${fuzzCase.garbage.closeCodes.join('/')}`);
        continue;
      }
      if (!connection || connection.closed) {
        connection = await FuzzConnection.open(target, failure('connection'));
        tally.connections += 1;
      }
      try {
        const result = await connection.run(fuzzCase.messages);
        if ('answers' in result) for (const answer of result.answers) count(answer);
        else if (fuzzCase.closeCodes.includes(result.closed))
          count(`close ${result.closed}`, fuzzCase.messages.length);
        else fail(`closed with ${result.closed}`);
      } catch (error) {
        fail((error as Error).message);
        connection.close();
        connection = null;
      }
    }
    connection?.close();
  }

  await Promise.all(Array.from({ length: parallel }, () => worker()));
  return tally;
}

// Test-only fault injection: the fake chassis misbehaves on one chosen command line, the ways a real switch or the
// path to it fails — the link drops, the CLI falls silent, it prints garbage or half its output, or it asks a
// question nobody expected. Nothing here is reachable from the `simulate` command; tests arm faults through
// `RunningSimulator.faults`.
import type { MsmSlot } from './scenarios.js';

export type FaultKind = 'drop' | 'stall' | 'garbage' | 'truncate' | 'question';

export interface FaultRule {
  /**
   * Picks the command line to hit; asked for every line received (after it is in the command log). For a rule `on`
   * login, asked at every shell login instead (before the banner), with LOGIN as the command.
   */
  when: (command: string, msm: MsmSlot) => boolean;
  /** 'login': the fault strikes as a shell session starts (stall: the login hangs; drop: the link dies). Default 'command'. */
  on?: 'command' | 'login';
  fault: FaultKind;
  /**
   * drop and stall only: 'start' = the command never runs; 'end' = it runs to completion (its effect happens and its
   * output is written), then the link drops or the prompt never comes. Default 'start'.
   */
  at?: 'start' | 'end';
  /** Called at the moment the fault strikes, e.g. to kill the client right then. */
  onFire?: () => void;
  /** garbage: seed of the random bytes, so a failing case can be replayed. Default 1. */
  seed?: number;
}

export interface FiredFault {
  fault: FaultKind;
  command: string;
  msm: MsmSlot;
}

/** Rewrites a command's output; `final` is the last part, before the prompt (earlier parts precede a question). */
export type OutputTransform = (text: string, final: boolean) => string;

/** What a CLI session lets a fault do to it. */
export interface FaultSurface {
  /** Prints a question and resolves with the typed answer. */
  ask(text: string): Promise<string>;
  /** The TCP connection dies without a word. */
  drop(): void;
  /** Resolves once the session is gone (the client gave up or the link died). */
  readonly closed: Promise<void>;
  /** Output from now on goes through `transform` (questions stay intact); the returned function ends that. */
  holdOutput(transform: OutputTransform): () => void;
}

/** What a rule `on` login sees as the command, and what `fired` records for it. */
export const LOGIN = '(login)';

/** An option marker no known EXOS question uses for this text: hitless must refuse it and stop. */
export const UNEXPECTED_QUESTION = 'Do you want to continue? (y/N) ';

export class FaultInjector {
  private readonly armed: FaultRule[] = [];
  /** Every fault that struck, in order. */
  readonly fired: FiredFault[] = [];

  /** Arms a fault for the next command line `when` accepts. */
  injectOnce(rule: FaultRule): void {
    this.armed.push(rule);
  }

  /** The armed fault for this command line (or LOGIN, for rules `on` login), used up; undefined when none is armed for it. */
  take(command: string, msm: MsmSlot): ((surface: FaultSurface, runCommand: () => Promise<void>) => Promise<void>) | undefined {
    const on = command === LOGIN ? 'login' : 'command';
    const index = this.armed.findIndex((rule) => (rule.on ?? 'command') === on && rule.when(command, msm));
    if (index < 0) return undefined;
    const rule = this.armed.splice(index, 1)[0]!;
    return (surface, runCommand) => {
      this.fired.push({ fault: rule.fault, command, msm });
      return strike(rule, surface, runCommand);
    };
  }
}

async function strike(rule: FaultRule, surface: FaultSurface, runCommand: () => Promise<void>): Promise<void> {
  switch (rule.fault) {
    case 'drop':
    case 'stall':
      if (rule.at === 'end') await runCommand();
      rule.onFire?.();
      if (rule.fault === 'drop') surface.drop();
      else await surface.closed;
      return;
    case 'question': {
      rule.onFire?.();
      const answer = await surface.ask(UNEXPECTED_QUESTION);
      if (/^y(es)?$/i.test(answer.trim())) await runCommand();
      return;
    }
    case 'garbage':
    case 'truncate': {
      rule.onFire?.();
      const release = surface.holdOutput(rule.fault === 'garbage' ? garble(rule.seed ?? 1) : cutHalfWay);
      try {
        await runCommand();
      } finally {
        release();
      }
    }
  }
}

/** The first half of the final output, on a line of its own so the prompt that follows is still a prompt. */
const cutHalfWay: OutputTransform = (text, final) => {
  if (!final) return text;
  const half = text.slice(0, Math.floor(text.length / 2));
  return half === '' || half.endsWith('\n') ? half : `${half}\r\n`;
};

/** Mulberry32: small, seedable, good enough to scramble text reproducibly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Noise a broken terminal path produces: control bytes, stray escape sequences, Latin-1 and wide characters. */
const NOISE = ['\x00', '\x07', '\x1b[2J', '\x1b[31m', '\x1b[K', '\x1b]0;x\x07', '\x1b', '\t', '\xff', '\xe9', '\u2588', '\ufffd', '\r'];

/**
 * Mangled lines instead of the real ones (characters replaced by noise, lines dropped, doubled or cut), plus at least
 * one line of pure noise; always ends at a line break so the prompt that follows stands on its own line.
 */
function garble(seed: number): OutputTransform {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const noiseLine = () => Array.from({ length: 4 + Math.floor(next() * 60) }, () => (next() < 0.5 ? pick(NOISE) : String.fromCharCode(32 + Math.floor(next() * 95)))).join('');
  const mangle = (line: string) => [...line].map((char) => (next() < 0.3 ? pick(NOISE) : char)).join('');
  return (text) => {
    const lines: string[] = [];
    for (const line of text.split('\r\n')) {
      const roll = next();
      if (roll < 0.15) continue;
      if (roll < 0.25) lines.push(mangle(line), mangle(line));
      else if (roll < 0.35) lines.push(mangle(line.slice(0, Math.floor(line.length / 2))));
      else lines.push(mangle(line));
    }
    lines.push(noiseLine());
    return `${lines.join('\r\n')}\r\n`;
  };
}

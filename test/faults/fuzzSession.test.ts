// Fuzzing ExosSession's chunk handling beyond test/session: banners split at every byte, escape-decorated output and
// unknown questions split at every byte, garbage before the prompt, and lines far longer than anything it looks at.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Exchange, refuseEverything } from '../../source/session/exchange.js';
import type { AnswerPolicy } from '../../source/exos/platform.js';
import { ExosSession } from '../../source/session/exosSession.js';
import { loadSample } from '../exos/samples.js';
import { ScriptedTransport, splitAt, type ScriptStep } from '../session/scriptedTransport.js';

// Hundreds of scripted sessions per test on a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const prompt = (counter: number) => `EXOS-VM.${counter} # `;
const OPEN: ScriptStep = { expect: 'disable clipaging\r', reply: ['disable clipaging\r\n', prompt(2)] };

async function loggedIn(script: ScriptStep[]) {
  const transport = new ScriptedTransport([OPEN, ...script]);
  void transport.send(`ExtremeXOS\r\n\r\n${prompt(2)}`);
  return { transport, session: await ExosSession.open(transport) };
}

/** Runs `command` with the switch's reply cut into `chunks`; what the session returned and what it wrote. */
async function runWithReply(command: string, chunks: string[], answer?: AnswerPolicy, more: ScriptStep[] = []) {
  const { transport, session } = await loggedIn([{ expect: `${command}\r`, reply: chunks }, ...more]);
  const result = await session.run(command, { answer, idleTimeoutMs: 20_000 });
  return { result, writes: transport.writes.slice(1), mismatches: transport.mismatches };
}

/** `text` cut into pieces of the given sizes, repeated as needed. */
function chunksOf(text: string, sizes: number[]): string[] {
  const chunks: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    chunks.push(text.slice(at, at + sizes[i % sizes.length]!));
    at += sizes[i % sizes.length]!;
  }
  return chunks;
}

const everyCut = (text: string) => Array.from({ length: text.length - 1 }, (_, at) => splitAt(text, [at + 1]));

describe('ExosSession login', () => {
  it.each(['login_banner_stack_oxidized_issue2107.session', 'login_banner_vpex_oxidized_issue3259.session'])(
    'logs in to the prompt of %s whichever byte the banner splits at',
    async (name) => {
      const banner = loadSample(name).replace(/\r?\n/g, '\r\n');
      const expected = (await openWith(banner, [banner])).prompt;
      for (const chunks of everyCut(banner)) expect((await openWith(banner, chunks)).prompt).toEqual(expected);
    },
  );

  /** The banner's own prompt comes back after `disable clipaging`. */
  async function openWith(banner: string, chunks: string[]) {
    const firstPrompt = banner.slice(banner.lastIndexOf('\n') + 1);
    const transport = new ScriptedTransport([{ expect: 'disable clipaging\r', reply: [`disable clipaging\r\n${firstPrompt}`] }]);
    void transport.send(...chunks);
    const session = await ExosSession.open(transport);
    expect(transport.mismatches).toEqual([]);
    return session;
  }
});

describe('ExosSession reading decorated and damaged output', () => {
  // A page, the pager line (answered with a space), the rest after the pager's clearing sequence.
  const FIRST_PAGE = 'show switch\r\n\x1b[1mSysName:\x1b[0m          EXOS-VM\r\n\x1b[32mCurrent State:    MASTER\x1b[m\x07\r\nPress <SPACE> to continue or <Q> to quit:';
  const REST = '\x1b[m\x1b[60;D\x1b[K\x1b]0;EXOS-VM\x07Image Selected:   primary\r\r\n\x1b[K' + prompt(3);
  const showDecorated = (at: number) =>
    runWithReply('show switch', splitAt(FIRST_PAGE, [at]), undefined, [{ expect: ' ', reply: splitAt(REST, [at]) }]);

  it('reads escape-decorated, paged output the same whichever byte it splits at', async () => {
    const whole = await showDecorated(0);
    expect(whole.result.output).toBe('SysName:          EXOS-VM\nCurrent State:    MASTER\nImage Selected:   primary');
    expect(whole).toMatchObject({ writes: ['show switch\r', ' '], mismatches: [] });
    for (let at = 1; at < FIRST_PAGE.length; at++) expect(await showDecorated(at)).toEqual(whole);
  });

  it('refuses an unknown question amid escape noise, whichever byte it splits at, even with a policy that says yes', async () => {
    const reply = 'reboot all\r\n\x1b[1mWARNING:\x1b[0m this resets\r\n\x1b[31mevery\x1b[m module. Continue?\x07 (y/N) ';
    const yes: AnswerPolicy = () => ({ reply: 'y', reason: 'the test says yes to everything' });
    for (const chunks of [[reply], ...everyCut(reply)]) {
      const { result, writes, mismatches } = await runWithReply('reboot all', chunks, yes, [{ expect: 'n\r', reply: [`n\r\n${prompt(3)}`] }]);
      expect({ writes, mismatches }).toEqual({ writes: ['reboot all\r', 'n\r'], mismatches: [] });
      expect(result.unexpectedQuestion).toMatchObject({ id: 'unknown', reply: 'n', refused: true });
    }
  });

  it('reads through garbage to the prompt, however it is cut, answering nothing', async () => {
    const noise = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('\x1b', '\x1b[', '\x1b]', '\x00', '\xff', '\ufffd', '\r', '\x1b[2J'));
    // Garbage that happens to carry an answer marker, the pager line or this switch's prompt is no longer garbage.
    const meaningless = (text: string) => !/\(y[ /]|\(y or n\)|Press <SPACE>|EXOS-VM\.\d/.test(text);
    await fc.assert(
      fc.asyncProperty(fc.array(noise, { maxLength: 20 }).map((parts) => parts.join('')).filter(meaningless), fc.array(fc.nat(), { maxLength: 12 }), async (garbage, cuts) => {
        const reply = `show switch\r\n${garbage}\r\n${prompt(3)}`;
        const { result, writes } = await runWithReply('show switch', splitAt(reply, cuts.map((cut) => cut % reply.length)), refuseEverything);
        expect(writes).toEqual(['show switch\r']);
        expect(result.prompt.counter).toBe(3);
        expect(result.questions).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  // Linear: looking back over the whole line on every chunk took minutes here; the timeout is the hang guard.
  it('reads a two-megabyte line arriving in kilobyte chunks, whole', { timeout: 30_000 }, async () => {
    const line = 'MSM-A primary 15.3.1.4 '.repeat(90_000);
    const reply = `show version images\r\n${line}\r\n${prompt(3)}`;
    const { result } = await runWithReply('show version images', splitAt(reply, Array.from({ length: reply.length / 1024 }, (_, i) => (i + 1) * 1024)));
    expect(result.output).toBe(line);
  });
});

describe('Exchange look-back', () => {
  it('takes no prompt from the end of a line longer than anything a prompt could be, but the next line', () => {
    const exchange = new Exchange(undefined, undefined, refuseEverything);
    expect(exchange.feed(`${'x'.repeat(10_000)}EXOS-VM.1 # `)).toEqual({ kind: 'wait' });
    expect(exchange.feed(`\r\n${prompt(1)}`)).toMatchObject({ kind: 'done', prompt: { sysname: 'EXOS-VM', counter: 1 } });
  });

  it('still finds the echo, the pager and a question after output longer than its look-back', () => {
    const exchange = new Exchange('show log', { raw: 'EXOS-VM.2 #', unsaved: false, shutdownSlots: false, vpex: false, sysname: 'EXOS-VM', counter: 2, privilege: 'admin' }, () => ({
      reply: 'y',
      reason: 'test',
    }));
    expect(exchange.feed('show log\r\n')).toEqual({ kind: 'wait' });
    for (let i = 0; i < 100; i++) expect(exchange.feed(`${'log line '.repeat(20)}\r\n`)).toEqual({ kind: 'wait' });
    expect(exchange.feed('Press <SPACE> to continue or <Q> to quit:')).toEqual({ kind: 'write', data: ' ' });
    expect(exchange.feed('\x1b[m\x1b[60;D\x1b[KAre you sure you want to reboot MSM-B? (y/N) ')).toMatchObject({ kind: 'write', data: 'y\r', answered: { id: 'reboot-msm', reply: 'y' } });
    expect(exchange.feed(`y\r\n${prompt(3)}`)).toMatchObject({ kind: 'done', prompt: { counter: 3 } });
  });

  it('gives back long paged output whole, however the pages are cut: each pager line removed, nothing else', () => {
    const previous = { raw: 'EXOS-VM.2 #', unsaved: false, shutdownSlots: false, vpex: false, sysname: 'EXOS-VM', counter: 2, privilege: 'admin' } as const;
    // Pages far longer than the look-back, so the pager line is cut off what was kept after earlier text was put aside.
    // The prompt without its trailing blank: cut before the blank, the exchange would end one chunk early.
    const pages = Array.from({ length: 4 }, (_, page) => Array.from({ length: 150 }, (_, line) => `page ${page} line ${line} ${'.'.repeat(line % 70)}`).join('\r\n'));
    const PAGER = 'Press <SPACE> to continue or <Q> to quit:';
    const CLEAR = '\x1b[m\x1b[60;D\x1b[K';
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const exchange = new Exchange('show log', previous, refuseEverything);
        const turns = pages.map((page, i) => `${i === 0 ? 'show log\r\n' : CLEAR}${page}\r\n${i < pages.length - 1 ? PAGER : prompt(3).trimEnd()}`);
        const steps = turns.map((turn) => chunksOf(turn, sizes).map((chunk) => exchange.feed(chunk)));
        for (const [i, turnSteps] of steps.entries()) {
          const last = turnSteps.at(-1)!;
          expect(turnSteps.slice(0, -1).every((step) => step.kind === 'wait')).toBe(true);
          if (i < pages.length - 1) expect(last).toEqual({ kind: 'write', data: ' ' });
          else expect(last).toMatchObject({ kind: 'done' });
        }
        expect(exchange.output()).toBe(pages.join('\n').replaceAll('\r', ''));
      }),
      { numRuns: 50 },
    );
  });
});

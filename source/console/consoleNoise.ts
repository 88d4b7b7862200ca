// What a serial console prints on its own, as data: log messages that land between (or inside) command output, and
// the boot messages that mean the MSM has rebooted under the session.
// Tags as in docs/exos-cli.md §0: [V] verbatim, [D] documentation, [R] reconstruction.
import { stripTerminalNoise } from '../exos/outputLines.js';
import { matchQuestion, parsePrompt } from '../exos/platform.js';

/**
 * EXOS log messages shown on the console (log target console): "MM/DD/YYYY HH:MM:SS.hh <Sev:Component.Condition> text".
 * [R] from the EXOS log format; the exact console rendering is not in our samples. `template` describes how the line
 * begins ('9' = any digit) so a line can be held back while it might still turn out to be one.
 */
export const UNSOLICITED_LINES: readonly { id: string; template: string; pattern: RegExp }[] = [
  { id: 'log-message', template: '99/99/9999 99:99:99.99 <', pattern: /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d\.\d\d <\w+:[\w.-]+> / },
];

/**
 * Lines that only appear while an MSM boots: the session on that console is over. [V] Summit boot sequence
 * (bayreuth.tk "Bootprocedure of an Extreme Networks switch"); MSM wording assumed the same [R].
 */
export const REBOOT_MARKERS: readonly RegExp[] = [
  /Press and hold the <spacebar> to enter the (?:bootrom|bootstrap)/,
  /^Starting (?:Primary|Secondary|Default) Bootloader/,
  /^Loading (?:EXOS|ExtremeXOS) Image/,
  /^Starting ExtremeXOS\b/,
];

/** The switch's own console login prompt (docs/exos-cli.md §8.2: lowercase on console/telnet). */
export const LOGIN_PROMPT = /(?:^|\n)\s*(?:login|username|user name):[ \t]*$/i;
export const PASSWORD_PROMPT = /(?:^|\n)\s*password:[ \t]*$/i;

const matchesTemplateStart = (text: string, template: string) =>
  [...text.slice(0, template.length)].every((char, i) => (template[i] === '9' ? char >= '0' && char <= '9' : char === template[i]));

/** A line the switch leaves open for typing: the EXOS prompt, the console login, a question. */
function waitsForInput(line: string): boolean {
  const text = stripTerminalNoise(line);
  return parsePrompt(text) !== undefined || LOGIN_PROMPT.test(text) || PASSWORD_PROMPT.test(text) || matchQuestion(text) !== undefined;
}

/**
 * Removes unsolicited lines from a stream of chunks. A partial line that may still become one is held back until its
 * line ends; everything else passes at once (a prompt has no line end and must not wait). A message printed right
 * after a prompt (or login prompt, or question) gets a line break before it: that break is removed with the message,
 * so the prompt is the last line again, as the session needs.
 */
export class UnsolicitedLineFilter {
  private held = '';
  /** The part of the current line already passed on, while the line has not ended. */
  private partial: string | undefined;
  /** The line break after a line waiting for input, kept until the next line shows whether it belongs to a message. */
  private pendingBreak = '';

  push(chunk: string): string {
    const text = this.held + chunk;
    this.held = '';
    let passed = '';
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const line = text.slice(start, end + 1);
      start = end + 1;
      const content = line.replace(/\r*\n$/, '');
      const lineBreak = line.slice(content.length);
      const whole = (this.partial ?? '') + content;
      if (this.partial === undefined && isUnsolicited(line)) {
        this.pendingBreak = '';
        continue;
      }
      passed += this.pendingBreak + content;
      this.pendingBreak = '';
      this.partial = undefined;
      if (waitsForInput(whole)) this.pendingBreak = lineBreak;
      else passed += lineBreak;
    }
    const tail = text.slice(start);
    if (this.partial === undefined && mightBeUnsolicited(tail)) {
      this.held = tail;
    } else if (tail !== '') {
      // A trailing carriage return may be the first half of the line break after a prompt: keep it with its line feed.
      const body = tail.replace(/\r+$/, '');
      this.held = tail.slice(body.length);
      if (body !== '') {
        passed += this.pendingBreak + body;
        this.pendingBreak = '';
        this.partial = (this.partial ?? '') + body;
      }
    }
    return passed;
  }
}
const lineText = (line: string) => line.replace(/^\r+/, '');

export const isUnsolicited = (line: string): boolean => UNSOLICITED_LINES.some(({ pattern }) => pattern.test(lineText(line)));

function mightBeUnsolicited(partial: string): boolean {
  const text = lineText(partial);
  return text !== '' && UNSOLICITED_LINES.some(({ template }) => matchesTemplateStart(text, template));
}

/** The first line of `text` that shows the MSM rebooting, if any. */
export function rebootMarkerIn(text: string): string | undefined {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .find((line) => REBOOT_MARKERS.some((marker) => marker.test(line)));
}

// Commands that hold the terminal instead of returning to the prompt (refreshing monitors): a session waiting for the
// prompt would wait for ever, and the switch would read the next keys as the monitor's. An operator's command that is
// one is sent in the form that prints once where the switch has one, and refused otherwise (docs/exos-cli.md §11.1).

/** A `show ports` keyword, in any abbreviation EXOS accepts (at least `min` letters of `word`). */
const SHOW_PORTS = /^\s*sh(?:o|ow)?\s+po(?:r|rt|rts)?(?:\s|$)/i;
const words = (line: string): string[] => line.trim().split(/\s+/);
const hasKeyword = (line: string, word: string, min: number): boolean => {
  const pattern = new RegExp(`^${word.slice(0, min)}${word.slice(min).split('').reduceRight((rest, c) => `(?:${c}${rest})?`, '')}$`, 'i');
  return words(line).some((w) => pattern.test(w));
};

interface TerminalHolder {
  /** How the operator is told which monitor it is. */
  name: string;
  /** The keyword after `show ports` (with the fewest letters EXOS accepts for it); undefined: the bare port summary. */
  keyword?: { word: string; min: number };
  /** The monitor has a `no-refresh` form that prints once. */
  noRefresh: boolean;
  provenance: string;
}

/** The keyword rows first: the bare summary row last takes every other `show ports` line. */
const TERMINAL_HOLDERS: readonly TerminalHolder[] = [
  { name: 'the port utilization monitor', keyword: { word: 'utilization', min: 4 }, noRefresh: false, provenance: '§11.1 [R] no no-refresh form known' },
  { name: 'the port statistics monitor', keyword: { word: 'statistics', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the receive-errors monitor', keyword: { word: 'rxerrors', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the transmit-errors monitor', keyword: { word: 'txerrors', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the collisions monitor', keyword: { word: 'collisions', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the packet-size monitor', keyword: { word: 'packet', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the QoS monitor', keyword: { word: 'qosmonitor', min: 2 }, noRefresh: true, provenance: '§11.1 [R]' },
  { name: 'the port summary monitor', noRefresh: true, provenance: '§11.1 [D] plain `show ports` refreshes until Esc or q' },
];

/** Keywords after which `show ports ...` prints once. */
const PRINTS_ONCE = [
  { word: 'no-refresh', min: 4 },
  { word: 'information', min: 4 },
];

export type OperatorCommandPlan =
  | { kind: 'send'; command: string }
  /** Sent in its form that prints once; `monitor` names what was asked for. */
  | { kind: 'rewritten'; command: string; monitor: string }
  | { kind: 'refused'; reason: string };

/** What to send for a `show` line the operator typed, so that it returns to the prompt. */
export function operatorCommandPlan(line: string): OperatorCommandPlan {
  const command = line.trim();
  if (!SHOW_PORTS.test(command) || PRINTS_ONCE.some(({ word, min }) => hasKeyword(command, word, min))) return { kind: 'send', command };
  const holder = TERMINAL_HOLDERS.find((row) => !row.keyword || hasKeyword(command, row.keyword.word, row.keyword.min))!;
  if (!holder.noRefresh) return { kind: 'refused', reason: `"${command}" starts ${holder.name}, which holds the terminal until a key: not sent` };
  return { kind: 'rewritten', command: `${command} no-refresh`, monitor: holder.name };
}

/** True for a line that would start a monitor as it is typed. */
export const holdsTerminal = (line: string): boolean => operatorCommandPlan(line).kind !== 'send';

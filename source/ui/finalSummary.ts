// What stays on the terminal after the full-screen console has left the alternate screen: how the run ended and why,
// both MSMs as last seen (dated when that read was no longer current), what to do next, and where the journal is.
import { resolve } from 'node:path';
import type { MsmSlot } from '../exos/chassisState.js';
import { formatVersion, msmInSlot, versionIn } from '../exos/chassisView.js';
import { toAscii, type Display } from './display.js';
import { clockTime, elapsedSince } from './format.js';
import { wrapText } from './line.js';
import { readNoLongerCurrent, type RunFinished, type UiSnapshot } from './snapshot.js';

const LABEL_WIDTH = 10;
const SLOTS: readonly MsmSlot[] = ['A', 'B'];

/** The run-end's summary without the next step it ends with (that gets a line of its own), and the next step. */
export function outcomeAndNext({ summary, next }: Pick<RunFinished, 'summary' | 'next'>): { outcome: string; next?: string } {
  if (!next) return { outcome: summary };
  const suffix = `; ${next}`;
  return { outcome: summary.endsWith(suffix) ? summary.slice(0, -suffix.length) : summary, next };
}

function msmLine(snapshot: UiSnapshot, slot: MsmSlot, staleSince: string | undefined, now: number): string {
  const show = snapshot.show;
  if (!show) return 'never read (no show switch answered)';
  const node = msmInSlot(show, slot);
  if (!node) return 'not in show switch';
  const booted = node.booted ? `booted ${node.booted}: ${formatVersion(versionIn(node, node.booted))}` : 'booted partition unknown';
  // A transfer that installed (or a use image) selects the other partition: the MSM boots a different release next time.
  const nextBoot = node.selected && node.booted && node.selected !== node.booted ? ` · next boot ${node.selected}: ${formatVersion(versionIn(node, node.selected))}` : '';
  const age = staleSince ? ` (as of ${clockTime(staleSince)}, ${elapsedSince(staleSince, now)} old)` : '';
  return `${node.stateText || 'no state'} · ${booted}${nextBoot}${node.local && !staleSince ? ' · logged in' : ''}${age}`;
}

const INDENT = ' '.repeat(LABEL_WIDTH + 2);

function field(label: string, text: string, width: number): string[] {
  return wrapText(text, Math.max(20, width - INDENT.length)).map((line, index) => (index === 0 ? `  ${label.padEnd(LABEL_WIDTH)}${line}` : `${INDENT}${line}`));
}

/**
 * A path is never broken by hitless nor, where it can help it, by the terminal (a path wrapped mid-name does not copy):
 * beside its label where it fits, else on a line of its own from the first column, as `~/...` under the home
 * directory if only that fits (the shell expands it).
 */
function pathField(label: string, path: string, width: number, home: string | undefined): string[] {
  const underHome = home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : undefined;
  const forms = underHome ? [path, underHome] : [path];
  const beside = forms.find((form) => LABEL_WIDTH + 2 + form.length <= width);
  if (beside) return [`  ${label.padEnd(LABEL_WIDTH)}${beside}`];
  return [`  ${label.padEnd(LABEL_WIDTH)}(on the next line, whole)`, forms.find((form) => form.length <= width) ?? path];
}

export interface SummaryOptions {
  now: number;
  /** The terminal's width: long values wrap under their label. */
  width: number;
  display: Pick<Display, 'ascii'>;
  /** The run's journal file (also known when the run did not get to its run-end). */
  journal?: string;
  /** The operator's home directory, to shorten a path that does not fit to `~/...`. */
  home?: string;
}

/** The summary's lines. */
export function finalSummaryLines(snapshot: UiSnapshot, { now, width, display, journal, home }: SummaryOptions): string[] {
  const finished = snapshot.finished;
  const { outcome, next } = finished ? outcomeAndNext(finished) : { outcome: 'ended without an outcome (the run did not finish)', next: undefined };
  const head = `hitless ${snapshot.rollback ? 'rollback' : 'upgrade'} to ${snapshot.target}${snapshot.host ? ` on ${snapshot.host}` : ''}`;
  const staleSince = readNoLongerCurrent(snapshot, finished ? Date.parse(finished.at) : now);
  const problem = snapshot.problem;
  const lines = [
    ...wrapText(head, width),
    ...field('outcome', finished ? `exit ${finished.exitCode}: ${outcome}` : outcome, width),
    ...(problem ? field(problem.severity === 'error' ? (problem.kind === 'stopped' ? 'stopped' : 'reason') : 'warning', problem.message, width) : []),
    ...SLOTS.flatMap((slot) => field(`MSM-${slot}`, msmLine(snapshot, slot, staleSince, now), width)),
    ...(finished?.sinceRead ? field('since', `${finished.sinceRead.join('; ')}: the MSMs may no longer be as shown`, width) : []),
    ...(next ? field('next', next, width) : []),
    ...(finished?.journal || journal ? pathField('journal', finished?.journal ?? resolve(journal!), width, home) : field('journal', 'none kept', width)),
    ...(finished?.configCopy ? pathField('config', finished.configCopy, width, home) : []),
  ];
  return display.ascii ? lines.map(toAscii) : lines;
}

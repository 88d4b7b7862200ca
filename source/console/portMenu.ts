// A console server's port menu: entries such as " 5: MSM-A", "5) MSM-A", "[5] MSM-A", possibly several per line
// (separated by a tab or a wide gap), and the choice hitless types.
import type { PortSelection } from './consoleSpec.js';

export interface MenuEntry {
  number: number;
  label: string;
}

const ENTRY = /^\[?(\d+)[\]:.)]\s*(\S.*)$/;
const COLUMN_GAP = /\t+|\s{3,}/;

export function parseMenuEntries(text: string): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    for (const cell of line.trim().split(COLUMN_GAP)) {
      const m = ENTRY.exec(cell.trim());
      if (m) entries.push({ number: Number(m[1]), label: m[2]!.trim() });
    }
  }
  return entries;
}

export type MenuChoice = { ok: true; entry: MenuEntry } | { ok: false; reason: string };

/** A number must be listed; a label matches exactly (case-insensitive), else as the only entry containing it. */
export function chooseMenuEntry(entries: readonly MenuEntry[], wanted: Extract<PortSelection, { kind: 'menu' }>['entry']): MenuChoice {
  const listing = entries.map((e) => `${e.number} ${e.label}`).join(', ') || 'none recognised';
  if (typeof wanted === 'number') {
    const entry = entries.find((e) => e.number === wanted);
    return entry ? { ok: true, entry } : { ok: false, reason: `the port menu has no entry ${wanted} (entries: ${listing})` };
  }
  const key = wanted.toLowerCase();
  const exact = entries.filter((e) => e.label.toLowerCase() === key);
  const candidates = exact.length > 0 ? exact : entries.filter((e) => e.label.toLowerCase().includes(key));
  if (candidates.length === 1) return { ok: true, entry: candidates[0]! };
  const problem = candidates.length === 0 ? 'has no entry' : 'has several entries';
  return { ok: false, reason: `the port menu ${problem} labelled "${wanted}" (entries: ${listing})` };
}

// `show slot` on the two real stack captures (docs/exos-cli.md §11), on chassis rows (MSM-A/MSM-B, state text with
// blanks: [R], no chassis capture exists), and what it refuses.
import { describe, expect, it } from 'vitest';
import type { SlotStatus } from '../../source/exos/healthState.js';
import { parseShowSlot } from '../../source/exos/parseShowSlot.js';
import { loadSample } from './samples.js';

const HEADER = ['Slots    Type                 Configured           State       Ports', '-'.repeat(68)];
const table = (...rows: string[]) => ['show slot', '', ...HEADER, ...rows, 'BD-8810.2 # '].join('\r\n');

describe('parseShowSlot', () => {
  it('reads the real stack capture with Failed members', () => {
    expect(parseShowSlot(loadSample('show_slot_stack_failed_members_exos_apps_clone.raw'))).toEqual({
      ok: true,
      value: [
        { name: 'Slot-1', slotNumber: 1, type: 'X450G2-48p-10G4', configured: 'X450G2-48p-10G4', state: 'Operational', ports: 52 },
        { name: 'Slot-2', slotNumber: 2, type: 'X450G2-24p-10G4', state: 'Failed', ports: 28 },
        { name: 'Slot-3', slotNumber: 3, type: 'X450G2-24t-10G4', state: 'Failed', ports: 28 },
        { name: 'Slot-4', slotNumber: 4, type: 'X450G2-24p-G4', state: 'Failed', ports: 28 },
        { name: 'Slot-5', slotNumber: 5, state: 'Empty', ports: 0 },
        { name: 'Slot-6', slotNumber: 6, state: 'Empty', ports: 0 },
        { name: 'Slot-7', slotNumber: 7, state: 'Empty', ports: 0 },
        { name: 'Slot-8', slotNumber: 8, state: 'Empty', ports: 0 },
      ] satisfies SlotStatus[],
    });
  });

  it('reads the real stack capture where a configured member is missing (Empty with its port count)', () => {
    const parsed = parseShowSlot(loadSample('show_slot_stack_backup_missing_exos_apps_clone.raw'));
    expect(parsed.ok && parsed.value.slice(0, 3)).toEqual([
      { name: 'Slot-1', slotNumber: 1, type: 'X450G2-48p-10G4', configured: 'X450G2-48p-10G4', state: 'Operational', ports: 52 },
      { name: 'Slot-2', slotNumber: 2, state: 'Empty', ports: 28 },
      { name: 'Slot-3', slotNumber: 3, type: 'X450G2-24t-10G4', state: 'Operational', ports: 28 },
    ]);
  });

  it('reads chassis rows: MSM-A/MSM-B, MM-A (BD-X8), a state with blanks, CRLF and no trailing padding', () => {
    const parsed = parseShowSlot(
      table(
        'Slot-1   G48Xc                G48Xc                Operational   48',
        'Slot-2   10G4Xc               10G4Xc               Power Off/Disabled   4',
        'MSM-A    MSM-48c              MSM-48c              Operational    0',
        'MM-B     BDX-MM1              BDX-MM1              Booting        0',
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        { name: 'Slot-1', slotNumber: 1, type: 'G48Xc', configured: 'G48Xc', state: 'Operational', ports: 48 },
        { name: 'Slot-2', slotNumber: 2, type: '10G4Xc', configured: '10G4Xc', state: 'Power Off/Disabled', ports: 4 },
        { name: 'MSM-A', msm: 'A', type: 'MSM-48c', configured: 'MSM-48c', state: 'Operational', ports: 0 },
        { name: 'MM-B', msm: 'B', type: 'BDX-MM1', configured: 'BDX-MM1', state: 'Booting', ports: 0 },
      ],
    });
  });

  it('reads a value shifted inside its column the same', () => {
    const shifted = parseShowSlot(table('Slot-1    G48Xc               G48Xc                Operational   48'));
    expect(shifted.ok && shifted.value).toEqual([{ name: 'Slot-1', slotNumber: 1, type: 'G48Xc', configured: 'G48Xc', state: 'Operational', ports: 48 }]);
  });

  it.each([
    ['an error instead of the table', ['show slot', "%% Invalid input detected at '^' marker."].join('\n'), /no "Slots Type Configured State Ports" header.*the switch said: %% Invalid input/],
    ['a type that runs across the next column', table('Slot-1   G48Xc-with-a-very-long-name G48Xc       Operational   48'), /cannot read the "show slot" row "Slot-1/],
    ['a row without a port count', table('Slot-1   G48Xc                G48Xc                Operational'), /cannot read/],
    ['an unknown row name', table('Fan-1    G48Xc                G48Xc                Operational   48'), /cannot read/],
    ['a slot listed twice', table('Slot-1   G48Xc                G48Xc                Operational   48', 'Slot-1   G48Xc                G48Xc                Failed        48'), /lists Slot-1 twice/],
    ['a header and no rows', table(), /listed nothing/],
  ])('refuses %s', (_, text, reason) => {
    const parsed = parseShowSlot(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

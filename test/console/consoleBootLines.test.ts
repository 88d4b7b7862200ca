import { describe, expect, it } from 'vitest';
import { BootFailureEvidence, BootLineFilter } from '../../source/console/consoleBootLines.js';

it('keeps the lines from the first boot message to "available for login", split across chunks, and nothing else', () => {
  const filter = new BootLineFilter();
  const kept = [
    'BD-8810.3 # show switch\r\nSysName: BD-8810\r\n',
    'Press and hold the <spacebar> to enter the bootstrap.\r\nStarting Pri',
    'mary Bootloader ...\r\n\r\nStarting ExtremeXOS 15.3.5.2\r\n',
    'Authentication Service (AAA) on the backup node is now available for login.\r\n\r\nlogin: ',
    'admin\r\nBD-8810.1 # show version\r\n',
  ].flatMap((chunk) => filter.push(chunk));
  expect(kept).toEqual([
    { line: 'Press and hold the <spacebar> to enter the bootstrap.', failure: false },
    { line: 'Starting Primary Bootloader ...', failure: false },
    { line: 'Starting ExtremeXOS 15.3.5.2', failure: false },
    { line: 'Authentication Service (AAA) on the backup node is now available for login.', failure: false },
  ]);
});

it('marks a failed boot as failure, also outside a boot (a log line on the other MSM), and the boot ends there', () => {
  const filter = new BootLineFilter();
  const kept = filter.push(
    '03/04/2024 10:15:07.37 <Info:DM.Info> MSM-B: Node State changed to FAIL\r\n' +
      'Starting ExtremeXOS 15.3.5.2\r\nMSM-B failed to initialize; node state FAIL.\r\nBD-8810.1 # \r\n',
  );
  expect(kept).toEqual([
    { line: '03/04/2024 10:15:07.37 <Info:DM.Info> MSM-B: Node State changed to FAIL', failure: true },
    { line: 'Starting ExtremeXOS 15.3.5.2', failure: false },
    { line: 'MSM-B failed to initialize; node state FAIL.', failure: true },
  ]);
});

it('a login prompt ends the boot even without the AAA line', () => {
  const filter = new BootLineFilter();
  filter.push('Loading EXOS Image ...\r\nlogin: ');
  expect(filter.push('admin\r\npassword: \r\nBD-8810.1 # show switch\r\n')).toEqual([]);
});

describe('BootFailureEvidence', () => {
  it("ends with the MSM's own console whichever console spoke last (the line a message quotes)", () => {
    const evidence = new BootFailureEvidence();
    evidence.note({ slot: 'B', line: 'MSM-B failed to initialize; node state FAIL.', failure: true });
    evidence.note({ slot: 'A', line: '<Info:DM.Info> MSM-B: Node State changed to FAIL', failure: true });
    evidence.note({ slot: 'A', line: '<Info:DM.Info> MSM-A: unrelated', failure: true });
    expect(evidence.about('B')).toEqual([
      "MSM-A's console: <Info:DM.Info> MSM-B: Node State changed to FAIL",
      "MSM-B's console: MSM-B failed to initialize; node state FAIL.",
    ]);
  });
});

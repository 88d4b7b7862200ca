// What an MSM's serial console prints besides the CLI: boot messages, the console login, log messages.
// Tags as in docs/exos-cli.md §0. Boot lines follow a verbatim Summit boot (bayreuth.tk "Bootprocedure of an Extreme
// Networks switch") [V]; their MSM wording, the AAA line and the log line format are our reconstruction [R].
import type { MsmSlot } from '../scenarios.js';

export const CONSOLE_TEXT = {
  /** Printed as the MSM goes DOWN: the bootstrap. */
  bootstrap: (systemType: string, slot: MsmSlot) => [
    '',
    `* ${systemType} MSM-${slot} *`,
    'Copyright 2003-2014, Extreme Networks, Inc.',
    '',
    'Press and hold the <spacebar> to enter the bootstrap.',
    'Starting Primary Bootloader ...',
  ],
  /** Printed line by line while the MSM is in INIT. */
  bootImage: (version: string) => [
    'Running POST... PASSED',
    'Press and hold the <spacebar> to enter the bootrom.',
    'Loading EXOS Image ...',
    'Running Image ...',
    `Starting ExtremeXOS ${version}`,
    'Copyright (C) 1996-2014 Extreme Networks.  All rights reserved.',
  ],
  ready: (role: 'master' | 'backup') => ['', `Authentication Service (AAA) on the ${role} node is now available for login.`],
  failed: (slot: MsmSlot) => ['', `MSM-${slot} failed to initialize; node state FAIL.`],
  loginPrompt: 'login: ',
  passwordPrompt: 'password: ',
  loginIncorrect: 'Login incorrect',
  /** EXOS log format "MM/DD/YYYY HH:MM:SS.hh <Sev:Component.Condition> text" [R]. */
  logLine: (at: Date, text: string) => `${logTime(at)} <Info:DM.Info> ${text}`,
  nodeStateLog: (slot: MsmSlot, state: string) => `MSM-${slot}: Node State changed to ${state}`,
} as const;

const two = (n: number) => String(n).padStart(2, '0');

function logTime(at: Date): string {
  const date = `${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}/${at.getUTCFullYear()}`;
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}.${two(Math.floor(at.getUTCMilliseconds() / 10))}`;
  return `${date} ${time}`;
}

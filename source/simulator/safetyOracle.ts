// What happened on the fake chassis, for tests: every command line, and every traffic-affecting act.
import type { MsmSlot } from './scenarios.js';

export interface CommandRecord {
  connection: number;
  msm: MsmSlot;
  command: string;
  /** Date.now() when the line was received. */
  at: number;
}

export type OutageKind =
  | 'bare-reboot'
  | 'reboot-master'
  | 'io-modules-reset'
  | 'failover-not-in-sync'
  | 'install-active-partition';

export interface OutageRecord {
  kind: OutageKind;
  /** The command line that caused it. */
  command: string;
  connection: number;
  at: number;
  detail: string;
}

export class SafetyOracle {
  readonly commandLog: CommandRecord[] = [];
  readonly outages: OutageRecord[] = [];

  recordCommand(connection: number, msm: MsmSlot, command: string): void {
    this.commandLog.push({ connection, msm, command, at: Date.now() });
  }

  recordOutage(kind: OutageKind, command: string, connection: number, detail: string): void {
    this.outages.push({ kind, command, connection, at: Date.now(), detail });
  }
}

// One line of text per engine event (the outcome, next step and journal at the end), for headless runs without --json.
import type { ShowSwitch } from '../exos/chassisState.js';
import { formatVersion, runningVersion } from '../exos/chassisView.js';
import type { Action } from '../procedure/types.js';
import { consoleReadyText, HEALTH_PHASE_LABEL, type EngineEvent, type TransferProgress } from '../engine/events.js';
import { outcomeAndNext } from '../ui/finalSummary.js';
import { formatDuration } from '../ui/format.js';
import { formatBytes, percentSent } from '../ui/transferBar.js';

export function describeChassis(show: ShowSwitch): string {
  return show.nodes
    .map((node) => `${node.name || 'node'} ${node.stateText || '(no state)'} running ${formatVersion(runningVersion(node))} from ${node.booted ?? '?'}`)
    .join(' | ');
}

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'download':
    case 'select-partition':
    case 'reboot-backup':
    case 'failover':
      return `${action.step}: ${action.command}`;
    case 'wait':
      return `${action.step}: wait — ${action.detail}`;
    case 'done':
      return `done — ${action.detail}`;
    case 'stop':
      return `stop — ${action.reason}`;
  }
}

export function formatEvent(event: EngineEvent): string | undefined {
  const time = event.at.slice(11, 19);
  switch (event.type) {
    case 'run-start':
      return `${time} ${event.mode} ${event.host} by ${event.operator}, target ${event.target}`;
    case 'connecting':
      return `${time} connecting to ${event.description} (attempt ${event.attempt})`;
    case 'connected':
      return `${time} connected to ${event.description}`;
    case 'disconnected':
      return `${time} ${event.expected ? 'session closed as expected' : 'link lost'}: ${event.reason}`;
    case 'state':
      return `${time} state: ${describeChassis(event.show)}`;
    case 'decision':
      return `${time} next: ${describeAction(event.action)}`;
    case 'step-start':
      return `${time} [${event.step}] start${event.command ? `: ${event.command}` : ''}`;
    case 'step-end':
      return `${time} [${event.step}] ${event.outcome}${event.detail ? `: ${event.detail}` : ''}`;
    case 'confirm-request':
      return `${time} [${event.step}] needs ${event.decision ? `a decision: ${event.command} (nothing is sent)` : `confirmation: ${event.command}`}`;
    case 'confirm-response':
      return `${time} [${event.step}] ${event.answer} (${event.by})`;
    case 'command':
      return `${time} > ${event.command}`;
    case 'question':
      return `${time} ? "${event.question.text.trim()}" -> "${event.question.reply}" (${event.question.reason})`;
    case 'progress':
      return `${time} ... ${event.activity}`;
    case 'transfer-start':
      return `${time} copying ${event.file} (${event.bytesTotal.toLocaleString('en-US')} bytes) to the switch over ${event.via.toUpperCase()}`;
    case 'transfer-progress':
      return `${time} ... ${transferProgressText(event)}`;
    case 'transfer-end':
      return `${time} copy of ${event.file} ${event.outcome === 'done' ? 'ended' : 'failed'} after ${event.bytesSent.toLocaleString('en-US')} bytes`;
    case 'health':
      return `${time} health ${HEALTH_PHASE_LABEL[event.phase]}: ${event.summary}${event.description ? ` — ${event.description}` : ''}`;
    case 'warning':
      return `${time} warning: ${event.message}`;
    case 'console-line':
      return `${time} MSM-${event.slot} console${event.failure ? ' (boot failure)' : ''}: ${event.line}`;
    case 'console-ready':
      return `${time} ${consoleReadyText(event)}`;
    case 'error':
      // What to do next comes once, at the end (run-end), where it is decided for the whole outcome.
      return `${time} error: ${event.message}`;
    case 'run-end':
      return runEndLines(event).map((line) => `${time} ${line}`).join('\n');
  }
}

/** "sent 3,145,728 of 41,943,040 bytes (7 %), 1.1 MiB/s, 33s left": the units and rounding of the console's bar. */
export function transferProgressText(transfer: TransferProgress): string {
  const { bytesSent, bytesTotal, bytesPerSecond, secondsLeft } = transfer;
  const rate = bytesPerSecond === undefined ? '' : `, ${formatBytes(bytesPerSecond)}/s`;
  const left = bytesPerSecond === undefined || secondsLeft === undefined ? '' : `, ${formatDuration(secondsLeft * 1000)} left`;
  return `sent ${bytesSent.toLocaleString('en-US')} of ${bytesTotal.toLocaleString('en-US')} bytes (${percentSent(transfer)} %)${rate}${left}`;
}

/** The last lines of a headless run: the outcome, what to do next, the journal — as the full-screen console leaves them. */
function runEndLines(event: Extract<EngineEvent, { type: 'run-end' }>): string[] {
  const { outcome, next } = outcomeAndNext(event);
  const since = event.sinceFinalState && event.finalStateAt && [`last read of the chassis at ${event.finalStateAt.slice(11, 19)}; since then ${event.sinceFinalState.join('; ')}: the MSMs may no longer be as last read`];
  return [`finished (exit ${event.exitCode}): ${outcome}`, ...(since || []), ...(next ? [`next: ${next}`] : []), ...(event.journal ? [`journal: ${event.journal}`] : []), ...(event.configCopy ? [`configuration copy: ${event.configCopy}`] : [])];
}

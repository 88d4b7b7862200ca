// The y/n questions, each saying exactly what answering y does now: what is sent, what the switch goes on doing, and
// how hitless ends.
import type { Question } from './keys.js';
import { runSituation, type UiSnapshot } from './snapshot.js';

export interface QuestionText {
  title: string;
  consequences: string[];
  yes: string;
  no: string;
}

const RERUN = 'Rerun the same command later to continue from what the chassis shows.';

function consequencesOfStopping(snapshot: UiSnapshot): string[] {
  const situation = runSituation(snapshot);
  switch (situation.kind) {
    case 'confirmation':
      return [
        situation.decision ? `Nothing is sent: the decision ("${situation.command}") is left open. Nothing else is running.` : `"${situation.command}" has not been sent, and will not be. Nothing else is running.`,
        `hitless stops now (exit 4). ${RERUN}`,
      ];
    case 'download':
      return [
        `MSM-${situation.slot} is downloading and installing ${situation.file} now. The switch carries on with that transfer: hitless does not cut it.`,
        `hitless waits for the transfer to end (this screen stays up until then), sends nothing more, then stops (exit 4). ${RERUN}`,
      ];
    case 'command':
      return [`"${situation.command}" is running on the switch; hitless lets it finish (this screen stays up until then), sends nothing more, then stops (exit 4).`, RERUN];
    case 'waiting':
      return [
        `Nothing is being sent now (${situation.activity}); whatever the switch is doing, a reboot or a sync, goes on by itself.`,
        `hitless stops now (exit 4) and sends nothing more. ${RERUN}`,
      ];
    case 'other':
      return [`hitless stops at the next safe point, never in the middle of a command, and sends nothing more (exit 4). ${RERUN}`];
  }
}

/** The status line after y to quit or abort, until the run has ended (and the last frame when the UI closes first). */
export function stoppingNote(snapshot: UiSnapshot): string {
  const situation = runSituation(snapshot);
  if (situation.kind === 'download') return `stopping: waiting for the transfer to MSM-${situation.slot} to end, then exit 4`;
  if (situation.kind === 'command') return `stopping: waiting for "${situation.command}" to end, then exit 4`;
  return 'stopping at the next safe point (exit 4)';
}

/** inFleet: the chassis was opened from the fleet view, where only this chassis stops. */
export function questionText(question: Question, snapshot: UiSnapshot, consoleName?: string, inFleet = false): QuestionText {
  switch (question) {
    case 'quit':
      return { title: 'Quit hitless?', consequences: consequencesOfStopping(snapshot), yes: 'quit', no: 'keep going' };
    case 'abort':
      return {
        title: 'Abort the upgrade?',
        consequences: [
          ...consequencesOfStopping(snapshot),
          inFleet ? 'Only this chassis stops: the rest of the fleet goes on.' : 'The screen stays, to show how the run ended.',
        ],
        yes: 'abort',
        no: 'keep going',
      };
    case 'break':
      return {
        title: `Send BREAK on ${consoleName ?? 'this serial console'}?`,
        consequences: ['A serial BREAK interrupts what the MSM is doing on its console; during boot it can stop the MSM in its boot loader.'],
        yes: 'send BREAK',
        no: 'cancel',
      };
  }
}

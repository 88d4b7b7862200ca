// What an audit needs on top of the engine's events: who or what gave each confirmation (the engine only knows
// "operator"; the UI knows the key, headless mode knows --yes), how long each step took, how the chassis ended up,
// and in the run-end the data plane before and after and any rollback, so a caller need not read the stream.
import { EXIT } from '../errors.js';
import type { ShowSwitch } from '../exos/chassisState.js';
import { formatVersion } from '../exos/chassisView.js';
import { leavesMsmsAsTheyWere } from '../exos/commands.js';
import type { ConfirmAnswer, EngineEventBody, FinalNodeState, RunHealth, RunRollback } from '../engine/events.js';
import { attemptDurationMs, EMPTY_LEDGER, foldStepEvent, stepTimings } from '../procedure/stepLedger.js';

/** An answer to a confirmation together with what gave it. */
export interface Confirmation {
  answer: ConfirmAnswer;
  by: string;
}

export const confirmationOf = (given: ConfirmAnswer | Confirmation): Confirmation =>
  typeof given === 'string' ? { answer: given, by: 'operator' } : given;

export interface AuditTrail {
  /** Emits the event with the audit's additions. */
  emit(body: EngineEventBody): void;
  /** Says what gave the answer to the confirmation the engine announces next. */
  confirmedBy(by: string): void;
}

export function finalStateOf(show: ShowSwitch): FinalNodeState[] {
  return show.nodes.map((node) => ({
    name: node.name || 'node',
    state: node.stateText,
    booted: node.booted,
    selected: node.selected,
    primary: node.primary && formatVersion(node.primary),
    secondary: node.secondary && formatVersion(node.secondary),
  }));
}

const clock = (at: number): string => new Date(at).toISOString().slice(11, 19);

export function createAuditTrail(emit: (body: EngineEventBody) => void, now: () => number = Date.now): AuditTrail {
  let steps = EMPTY_LEDGER;
  const warnings: string[] = [];
  let changed = false;
  let lastShow: { show: ShowSwitch; at: number } | undefined;
  /** What happened after the last `show switch` that it cannot show: commands sent, the link lost. */
  let sinceLastShow: string[] = [];
  let nextBy: string | undefined;
  let health: RunHealth | undefined;
  let rollback: RunRollback | undefined;
  const stamp = (at: number) => new Date(at).toISOString();
  return {
    confirmedBy(by) {
      nextBy = by;
    },
    emit(body) {
      const at = now();
      steps = foldStepEvent(steps, body, at);
      switch (body.type) {
        case 'state':
          lastShow = { show: body.show, at };
          sinceLastShow = [];
          return emit(body);
        case 'disconnected':
          if (lastShow) sinceLastShow.push(`at ${clock(at)} the link was lost (${body.reason})`);
          return emit(body);
        case 'warning':
          warnings.push(body.message);
          return emit(body);
        case 'command':
          // The engine announces only commands that change the chassis (reads are not events).
          changed = true;
          if (lastShow && !leavesMsmsAsTheyWere(body.command)) sinceLastShow.push(`at ${clock(at)} "${body.command}" was sent`);
          return emit(body);
        case 'confirm-response': {
          const by = nextBy ?? body.by;
          nextBy = undefined;
          return emit({ ...body, by });
        }
        case 'health': {
          const { phase, summary, regressions, description } = body;
          health =
            phase === 'baseline'
              ? { before: { at: stamp(at), summary }, regressions: [] }
              : {
                  ...(health?.before && { before: health.before }),
                  after: { at: stamp(at), phase, summary },
                  regressions,
                  ...(description !== undefined && { description }),
                };
          return emit(body);
        }
        case 'rollback': {
          const { type: _type, ...outcome } = body;
          rollback = outcome;
          return emit(body);
        }
        case 'step-end':
          return emit({ ...body, durationMs: attemptDurationMs(steps, body.step, at) });
        case 'run-end':
          return emit({
            ...body,
            // Exit 3 means the switch refused what was sent (a download it would not start): nothing changed.
            changed: changed && body.exitCode !== EXIT.precondition,
            ...(lastShow && {
              finalState: finalStateOf(lastShow.show),
              finalStateAt: stamp(lastShow.at),
              ...(sinceLastShow.length > 0 && { sinceFinalState: sinceLastShow }),
            }),
            steps: stepTimings(steps),
            warnings,
            ...(health && { health }),
            ...(rollback && { rollback }),
          });
        default:
          return emit(body);
      }
    },
  };
}

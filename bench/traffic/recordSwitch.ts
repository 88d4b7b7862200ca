// Records what the simulated chassis really prints for a few commands, by running hitless's own ExosSession against
// the simulator's CLI in memory (no SSH). The recording is replayed later, so the switch costs nothing while timing.
import { ChassisModel, CliSession, SafetyOracle, SCENARIOS, SimClock } from '../../source/simulator/index.js';
import { ExosSession, type RunOptions } from '../../source/session/exosSession.js';
import { TransportBase } from '../../source/transport/transportBase.js';

/** One thing hitless wrote, and everything the switch sent until hitless wrote again. */
export interface RecordedTurn {
  wrote: string;
  received: string;
}

export interface Recording {
  /** Banner and first prompt, before hitless writes anything. */
  login: string;
  turns: RecordedTurn[];
}

const CHASSIS_DATE = new Date(Date.UTC(2024, 2, 4, 10, 15, 2));

class InMemorySwitch extends TransportBase {
  readonly description = 'in-memory simulated switch';
  login = '';
  readonly turns: RecordedTurn[] = [];
  private readonly cli: CliSession;

  constructor() {
    super();
    const scenario = SCENARIOS.happy;
    const clock = new SimClock(0, CHASSIS_DATE);
    this.cli = new CliSession({
      chassis: new ChassisModel(scenario, clock),
      scenario,
      clock,
      oracle: new SafetyOracle(),
      msm: 'A',
      connection: 1,
      pty: { rows: 40, cols: 120 },
      port: { write: (text) => this.receive(text), end: () => this.close(), drop: () => this.close() },
    });
    void this.cli.runShell();
  }

  write(data: string): void {
    this.turns.push({ wrote: data, received: '' });
    this.cli.input(data);
  }

  close(): void {
    this.cli.close();
    this.markClosed('local-close');
  }

  // Delivered on a later macrotask, as a socket would; the text belongs to the last thing hitless wrote.
  private receive(text: string): void {
    const turn = this.turns.at(-1);
    if (turn) turn.received += text;
    else this.login += text;
    setImmediate(() => this.emitData(text));
  }
}

/** Runs the commands through ExosSession against the in-memory simulator and returns the conversation. */
export async function recordSwitch(commands: { command: string; options?: RunOptions }[]): Promise<Recording> {
  const sw = new InMemorySwitch();
  const session = await ExosSession.open(sw);
  for (const { command, options } of commands) await session.run(command, options);
  session.close();
  return { login: sw.login, turns: sw.turns };
}

// `hitless fleet`: how it runs is known before Ink loads, as chalk picks its colours once, from stdout, when Ink
// imports it. A headless fleet with --record draws the view into the recording only, and keeps the view's colours
// there (record/liveFrames.ts), as `hitless upgrade --headless --record` does.
import { parseFleetArgs, showsFleetView } from '../fleet/fleetCommand.js';
import { prepareRecordedRendering } from '../record/liveFrames.js';

export async function runFleetEntry(argv: string[]): Promise<number> {
  const args = parseFleetArgs(argv);
  if (args.record !== undefined) prepareRecordedRendering(showsFleetView(args));
  const { runFleetViewCommand } = await import('./fleetViewCommand.js');
  return runFleetViewCommand(argv);
}

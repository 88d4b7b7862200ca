// One MSM: role, sync, state text, partitions and versions, the target, and what is happening to it now — dimmed and
// dated once what `show switch` said is no longer current.
import { memo } from 'react';
import { Box } from 'ink';
import type { WaitDeadline } from '../../engine/events.js';
import type { ImageVersion, MsmSlot, NodeStatus, Partition } from '../../exos/chassisState.js';
import { formatVersion, mayBeVersion, runningVersion, sameVersion } from '../../exos/chassisView.js';
import { clockTime, elapsedSince, givesUpIn } from '../format.js';
import { PANE_ROWS } from '../layout.js';
import type { Line, Span } from '../line.js';
import { roleMarker, syncMarker, type Marker } from '../markers.js';
import type { Activity } from '../snapshot.js';
import { transferBar } from '../transferBar.js';
import { Row } from './Row.js';

export interface MsmPaneProps {
  slot: MsmSlot;
  /** undefined: `show switch` has no column for this slot. */
  node?: NodeStatus;
  /** False until the first `show switch` was read. */
  observed: boolean;
  activity?: Activity;
  target: string;
  targetVersion?: ImageVersion;
  /** When what the pane shows was read, if that is no longer current (session down, or older than a poll). */
  staleSince?: string;
  /** The deadline of the wait in progress, shown with a reboot that wait is for. */
  waitDeadline?: WaitDeadline;
  now: number;
  width: number;
}

const LABEL_WIDTH = 10;
const PARTITIONS: readonly Partition[] = ['primary', 'secondary'];

/** A read that is no longer current loses its colours and is dimmed, so nothing old looks like news. */
const styled = (marker: Marker, stale: boolean, bold = false): Span =>
  stale ? { text: marker.text, dim: true, bold } : { text: marker.text, color: marker.color, bold };

function Field({ label, width, value, stale = false }: { label: string; width: number; value: Line | string; stale?: boolean }) {
  const spans: Line = typeof value === 'string' ? [{ text: value }] : value;
  return <Row width={width} line={[{ text: label.padEnd(LABEL_WIDTH), dim: true }, ...spans.map((span) => (stale ? { ...span, color: undefined, dim: true } : span))]} />;
}

/** The target on the partition the MSM did not boot: installed (staged), waiting for a reboot onto it. */
const NOT_BOOTED_YET = 'not booted yet';

export interface TargetStatus extends Marker {
  /** A shorter text for a narrow pane, where the partition can be read off the rows above. */
  narrow?: string;
}

/** "running" only for an MSM that is up (MASTER or BACKUP) and booted from the target. */
export function targetStatus(node: NodeStatus, targetVersion: ImageVersion): TargetStatus {
  if (sameVersion(runningVersion(node), targetVersion)) {
    if (node.role === 'master' || node.role === 'backup') return { text: '✓ running', color: 'green' };
    const state = node.stateText.trim() || 'not up';
    return { text: `booted, ${state}`, color: /FAIL/i.test(state) ? 'red' : 'yellow' };
  }
  const partition = PARTITIONS.find((candidate) => mayBeVersion(node[candidate], targetVersion));
  if (!partition) return { text: 'not installed' };
  if (node.booted === undefined || partition === node.booted) return { text: `in ${partition}`, color: 'yellow' };
  return { text: `in ${partition}, ${NOT_BOOTED_YET}`, narrow: NOT_BOOTED_YET, color: 'yellow' };
}

function targetLine(node: NodeStatus, target: string, targetVersion: ImageVersion | undefined, stale: boolean, room: number): Line {
  if (!targetVersion) return [{ text: target }];
  const version = formatVersion(targetVersion);
  const status = targetStatus(node, targetVersion);
  const fits = `${version} (${status.text})`.length <= room;
  const shown = fits || !status.narrow ? status : { ...status, text: status.narrow };
  return [{ text: `${version} (` }, styled(shown, stale), { text: ')' }];
}

function ActivityFields({ activity, observed, staleSince, waitDeadline, now, width }: Pick<MsmPaneProps, 'activity' | 'observed' | 'staleSince' | 'waitDeadline' | 'now' | 'width'>) {
  if (!activity) {
    // Without a current read nothing is known about what the MSM does now: never call it idle.
    const now: Span = !observed
      ? { text: 'unknown (not read yet)', dim: true }
      : staleSince
        ? { text: `unknown since ${clockTime(staleSince)}`, color: 'yellow' }
        : { text: 'idle', dim: true };
    return (
      <>
        <Field label="now" width={width} value={[now]} />
        <Row width={width} />
      </>
    );
  }
  const progress = activity.progress && activity.progress !== activity.text ? `${activity.progress}, ` : '';
  const deadline = activity.kind === 'reboot' && waitDeadline ? `, ${givesUpIn(waitDeadline, now)}` : '';
  return (
    <>
      <Field label="now" width={width} value={[{ text: activity.text, color: 'yellow' }]} />
      {activity.transfer ? (
        // The whole pane's width, not the value column: at 80 columns the bar keeps its byte counts.
        <Row width={width} line={transferBar(activity.transfer, width)} />
      ) : (
        <Field label="" width={width} value={`${progress}for ${elapsedSince(activity.since, now)}${deadline}`} />
      )}
    </>
  );
}

function Header({ slot, node, observed, staleSince, width }: Pick<MsmPaneProps, 'slot' | 'node' | 'observed' | 'staleSince' | 'width'>) {
  const title: Span = { text: ` MSM ${slot}${node?.local ? ' (you)' : ''} `, inverse: true, bold: true };
  if (!observed) return <Row width={width} line={[title, { text: ' ' }, { text: 'waiting for show switch', dim: true }]} />;
  const stale = staleSince !== undefined;
  const sync = syncMarker(node);
  return <Row width={width} line={[title, { text: ' ' }, styled(roleMarker(node), stale, true), ...(sync ? [{ text: ' ' }, styled(sync, stale)] : [])]} />;
}

// Every prop is read from the snapshot as it is (no copies), so the default shallow comparison is the pane's selector.
export const MsmPane = memo(function MsmPane(props: MsmPaneProps) {
  const { node, width, staleSince } = props;
  const stale = staleSince !== undefined;
  const booted = node?.booted ?? '?';
  const selected = node?.selected ?? '?';
  // When stale, the state row leads with the time of the read, where a narrow pane still shows it.
  const stateRow = staleSince
    ? { label: 'as of', value: [{ text: `${clockTime(staleSince)}  `, color: 'yellow' }, { text: node?.stateText ?? '', dim: true }] }
    : { label: 'state', value: [{ text: node?.stateText || '(empty)' }] };
  return (
    <Box flexDirection="column" width={width} height={PANE_ROWS} flexShrink={0}>
      <Header {...props} />
      {node ? (
        <>
          <Field label={stateRow.label} width={width} value={stateRow.value} />
          <Field
            label="booted"
            width={width}
            stale={stale}
            value={[{ text: `${booted}  ` }, { text: 'selected ', dim: true }, { text: selected, color: selected === booted ? undefined : 'yellow' }]}
          />
          <Field label="primary" width={width} stale={stale} value={formatVersion(node.primary)} />
          <Field label="secondary" width={width} stale={stale} value={formatVersion(node.secondary)} />
          <Field label="target" width={width} value={targetLine(node, props.target, props.targetVersion, stale, width - LABEL_WIDTH)} />
        </>
      ) : (
        <Box height={5} flexDirection="column">
          {props.observed && staleSince && <Field label={stateRow.label} width={width} value={stateRow.value} />}
        </Box>
      )}
      <ActivityFields activity={props.activity} observed={props.observed} staleSince={staleSince} waitDeadline={props.waitDeadline} now={props.now} width={width} />
    </Box>
  );
});

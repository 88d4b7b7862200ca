// One MSM: role, sync, state text, partitions and versions, the target, and what is happening to it now.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { ImageVersion, MsmSlot, NodeStatus } from '../../exos/chassisState.js';
import { formatVersion, mayBeVersion, runningVersion, sameVersion } from '../../exos/chassisView.js';
import { elapsedSince } from '../format.js';
import { PANE_ROWS } from '../layout.js';
import { roleMarker, syncMarker } from '../markers.js';
import type { Activity } from '../snapshot.js';
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
  now: number;
  width: number;
}

const LABEL_WIDTH = 10;

function Field({ label, width, children }: { label: string; width: number; children?: ReactNode }) {
  return (
    <Row width={width}>
      <Text dimColor>{label.padEnd(LABEL_WIDTH)}</Text>
      {children}
    </Row>
  );
}

function targetStatus(node: NodeStatus, targetVersion: ImageVersion): { text: string; color?: 'green' | 'yellow' } {
  if (sameVersion(runningVersion(node), targetVersion)) return { text: '✓ running', color: 'green' };
  if (mayBeVersion(node.primary, targetVersion)) return { text: 'in primary', color: 'yellow' };
  if (mayBeVersion(node.secondary, targetVersion)) return { text: 'in secondary', color: 'yellow' };
  return { text: 'not installed' };
}

function TargetField({ node, target, targetVersion, width }: Pick<MsmPaneProps, 'target' | 'targetVersion' | 'width'> & { node: NodeStatus }) {
  if (!targetVersion) return <Field label="target" width={width}>{target}</Field>;
  const status = targetStatus(node, targetVersion);
  return (
    <Field label="target" width={width}>
      {formatVersion(targetVersion)} <Text color={status.color}>({status.text})</Text>
    </Field>
  );
}

function ActivityFields({ activity, now, width }: { activity?: Activity; now: number; width: number }) {
  if (!activity) {
    return (
      <>
        <Field label="now" width={width}>
          <Text dimColor>idle</Text>
        </Field>
        <Row width={width} />
      </>
    );
  }
  const progress = activity.progress && activity.progress !== activity.text ? `${activity.progress}, ` : '';
  return (
    <>
      <Field label="now" width={width}>
        <Text color="yellow">{activity.text}</Text>
      </Field>
      <Field label="" width={width}>
        {progress}for {elapsedSince(activity.since, now)}
      </Field>
    </>
  );
}

function Header({ slot, node, observed, width }: Pick<MsmPaneProps, 'slot' | 'node' | 'observed' | 'width'>) {
  const role = roleMarker(node);
  const sync = syncMarker(node);
  return (
    <Row width={width}>
      <Text inverse bold>
        {` MSM ${slot}${node?.local ? ' (you)' : ''} `}
      </Text>{' '}
      {observed ? (
        <>
          <Text color={role.color} bold>
            {role.text}
          </Text>
          {sync && <Text color={sync.color}> {sync.text}</Text>}
        </>
      ) : (
        <Text dimColor>waiting for show switch</Text>
      )}
    </Row>
  );
}

export function MsmPane(props: MsmPaneProps) {
  const { node, width } = props;
  const booted = node?.booted ?? '?';
  const selected = node?.selected ?? '?';
  return (
    <Box flexDirection="column" width={width} height={PANE_ROWS} flexShrink={0}>
      <Header {...props} />
      {node ? (
        <>
          <Field label="state" width={width}>
            {node.stateText || '(empty)'}
          </Field>
          <Field label="booted" width={width}>
            {booted}
            {'  '}
            <Text dimColor>selected </Text>
            <Text color={selected === booted ? undefined : 'yellow'}>{selected}</Text>
          </Field>
          <Field label="primary" width={width}>
            {formatVersion(node.primary)}
          </Field>
          <Field label="secondary" width={width}>
            {formatVersion(node.secondary)}
          </Field>
          <TargetField node={node} target={props.target} targetVersion={props.targetVersion} width={width} />
        </>
      ) : (
        <Box height={5} />
      )}
      <ActivityFields activity={props.activity} now={props.now} width={width} />
    </Box>
  );
}

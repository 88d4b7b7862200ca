// The top line: which chassis this is, the release it goes from and to, how long the run has taken, and how hitless
// reaches it — so a screen seen over a shoulder or in a recording names its chassis.
import { memo } from 'react';
import type { ImageVersion } from '../../exos/chassisState.js';
import { formatVersion } from '../../exos/chassisView.js';
import { elapsedSince, formatDuration } from '../format.js';
import type { Span } from '../line.js';
import type { ConnectionState, UiSnapshot } from '../snapshot.js';
import { Row } from './Row.js';

export interface HeaderProps {
  sysName?: string;
  systemType?: string;
  host?: string;
  target: string;
  fromVersion?: ImageVersion;
  targetVersion?: ImageVersion;
  startedAt?: string;
  finished?: UiSnapshot['finished'];
  connection: ConnectionState;
  now: number;
  width: number;
}

function connectionText({ connection, host }: Pick<HeaderProps, 'connection' | 'host'>): string {
  switch (connection.kind) {
    case 'connected':
    case 'connecting':
      return connection.description || host || 'not connected';
    case 'idle':
      return host ?? 'not connected';
    default:
      return `${host ?? 'the switch'} (${connection.kind})`;
  }
}

function elapsed({ startedAt, finished, now }: Pick<HeaderProps, 'startedAt' | 'finished' | 'now'>): string {
  if (!startedAt) return 'not started';
  return finished ? `took ${formatDuration(Date.parse(finished.at) - Date.parse(startedAt))}` : `running ${elapsedSince(startedAt, now)}`;
}

export const Header = memo(function Header(props: HeaderProps) {
  const name = props.sysName ?? props.host ?? 'connecting…';
  const to = props.targetVersion ? formatVersion(props.targetVersion) : props.target;
  const line: Span[] = [
    { text: name, bold: true },
    ...(props.systemType ? [{ text: ` (${props.systemType})`, dim: true }] : []),
    { text: ' · ', dim: true },
    { text: props.fromVersion ? formatVersion(props.fromVersion) : '?' },
    { text: ' → ' },
    { text: to, bold: true },
    { text: ' · ', dim: true },
    { text: elapsed(props) },
    { text: ' · ', dim: true },
    { text: connectionText(props), dim: true },
  ];
  return <Row width={props.width} line={line} />;
});

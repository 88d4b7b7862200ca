// The top line: which chassis this is, the release it goes from and to, how long the run has taken, and how hitless
// reaches it — so a screen seen over a shoulder or in a recording names its chassis.
import { memo } from 'react';
import type { ImageVersion } from '../../exos/chassisState.js';
import { formatVersion } from '../../exos/chassisView.js';
import { formatDuration, formatRunTime } from '../format.js';
import { lineWidth, type Span } from '../line.js';
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
  return finished ? `run took ${formatDuration(Date.parse(finished.at) - Date.parse(startedAt))}` : `run ${formatRunTime(now - Date.parse(startedAt))}`;
}

function headerLine(props: HeaderProps, withSystemType: boolean): Span[] {
  const to = props.targetVersion ? formatVersion(props.targetVersion) : props.target;
  return [
    { text: props.sysName ?? props.host ?? 'connecting…', bold: true },
    ...(withSystemType && props.systemType ? [{ text: ` (${props.systemType})`, dim: true }] : []),
    { text: ' · ', dim: true },
    { text: props.fromVersion ? formatVersion(props.fromVersion) : '?' },
    { text: ' → ' },
    { text: to, bold: true },
    { text: ' · ', dim: true },
    { text: elapsed(props) },
    { text: ' · ', dim: true },
    { text: connectionText(props), dim: true },
  ];
}

export const Header = memo(function Header(props: HeaderProps) {
  const full = headerLine(props, true);
  // The system type goes first when the line is too long: the connection says more about which chassis this is.
  return <Row width={props.width} line={lineWidth(full) <= props.width ? full : headerLine(props, false)} />;
});

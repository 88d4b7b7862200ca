// Every key and every checklist marker, sized to fit an 80x24 terminal.
import { KEY_HELP, keyHelp } from '../keys.js';
import { wrapText } from '../line.js';
import { MARKER_LEGEND } from '../markers.js';
import { BORDER_AND_PADDING_COLUMNS, ModalFrame } from './Modal.js';
import { Row } from './Row.js';

const KEYS_WIDTH = Math.max(...KEY_HELP.map((entry) => entry.keys.length)) + 2;

export function HelpOverlay({ width, height, inFleet }: { width: number; height: number; inFleet: boolean }) {
  const innerWidth = width - BORDER_AND_PADDING_COLUMNS;
  const legend = wrapText(MARKER_LEGEND.map(({ marker, meaning }) => `${marker} ${meaning}`).join(' · '), innerWidth);
  return (
    <ModalFrame color="cyan" width={width} height={height}>
      <Row width={innerWidth} line={[{ text: 'Keys (? or Esc closes this help)', bold: true, color: 'cyan' }]} />
      {keyHelp(inFleet).map((entry) => (
        <Row key={entry.keys} width={innerWidth} line={[{ text: entry.keys.padEnd(KEYS_WIDTH), bold: true }, { text: entry.what }]} />
      ))}
      <Row width={innerWidth} line={[{ text: 'Checklist markers', bold: true, color: 'cyan' }]} />
      {legend.map((text) => (
        <Row key={text} width={innerWidth} line={text} />
      ))}
    </ModalFrame>
  );
}

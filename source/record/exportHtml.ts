// One self-contained page for sharing a demo or an audit: the recording in the asciinema web player (its JS and CSS
// inlined, so the page works offline), a chapter list of the procedure's steps that seeks the
// player, and the run's summary.
import { castDuration, castMarkers, type Cast } from './asciicast.js';
import type { HealthTable } from './report.js';
import { playerAsset } from './playerAssets.js';
import { OUTCOME_MARKER_PREFIX } from './runRecording.js';

export interface ExportInput {
  /** The recording's text for the player. */
  castText: string;
  /** The same recording, parsed. */
  cast: Cast;
  /** A plain-text account of the run (hitless report), when a journal was given. */
  report?: string;
  /** The I/O modules and links before and after the failover, when the journal holds them. */
  health?: HealthTable;
}

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Inline script text must not close its own <script> element. */
const scriptSafe = (text: string): string => text.replaceAll('</script', '<\\/script');
/** JSON inside a <script> element: no "<" at all, so nothing in the data can end or comment out the element. */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const playerTime = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

const PAGE_CSS = `
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #1d232a; background: #f4f5f7; }
header, main, #summary { max-width: 1400px; margin: 0 auto; padding: 0 20px; }
header h1 { font-size: 20px; margin: 18px 0 2px; }
header p { margin: 0 0 12px; color: #5a6470; }
main { display: flex; gap: 20px; align-items: flex-start; }
#player { flex: 1; min-width: 0; }
nav { width: 290px; flex: none; background: #fff; border: 1px solid #d8dce1; border-radius: 6px; padding: 10px 12px; }
nav h2, #summary h2 { font-size: 15px; margin: 0 0 8px; }
#chapters { margin: 0; padding-left: 22px; }
#chapters li { margin: 3px 0; }
#chapters button { font: inherit; background: none; border: 0; padding: 1px 2px; color: #0b5cad; cursor: pointer; text-align: left; }
#chapters button:hover, #chapters li.current button { text-decoration: underline; }
#chapters li.current { font-weight: 600; }
#chapters .at { color: #7a838d; font-variant-numeric: tabular-nums; margin-left: 4px; }
#summary { margin-top: 18px; margin-bottom: 30px; }
#summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 10px; }
#summary dt { color: #5a6470; }
#summary dd { margin: 0; }
#summary pre { background: #fff; border: 1px solid #d8dce1; border-radius: 6px; padding: 10px 12px; overflow-x: auto; font-size: 13px; }
`;

// Chapters seek the player; the chapter of the current time is highlighted as the recording plays.
// The poster is the recording's last frame (the finished screen with the outcome), drawn before anyone presses Play.
// asciinema-player draws a poster from the events strictly before its time, so it is taken just past the end: at
// the end itself a last frame written at that very moment would be left out.
const PAGE_SCRIPT = `
const recording = JSON.parse(document.getElementById('recording').textContent);
const poster = 'npt:' + (Number(document.getElementById('player').dataset.end) + 0.01);
const player = AsciinemaPlayer.create({ data: recording }, document.getElementById('player'), { fit: 'width', preload: true, poster });
window.hitlessPlayer = player;
const chapters = [...document.querySelectorAll('#chapters li')];
const markCurrent = (current) => {
  for (const li of chapters) li.classList.toggle('current', li === current);
};
// A chapter is its marker, one for one and in order: never looked up by time, since two markers of the same instant
// (steps drawn in one frame) share one. The chapter clicked is the one highlighted.
for (const li of chapters) {
  li.querySelector('button').addEventListener('click', async () => {
    await player.seek(Number(li.dataset.time));
    markCurrent(li);
  });
}
// A seek replays the recording up to its target, and the markers it passes may be told after the seek has ended:
// only a marker reached while playing moves the highlight (a chapter click sets it itself).
let playing = false;
player.addEventListener('play', () => { playing = true; });
for (const stopped of ['pause', 'ended']) player.addEventListener(stopped, () => { playing = false; });
player.addEventListener('marker', ({ index }) => { if (playing) markCurrent(chapters[index]); });
`;

const HEALTH_CSS = `
#health { max-width: 1400px; margin: 0 auto 30px; padding: 0 20px; }
#health h2 { font-size: 15px; margin: 0 0 8px; }
#health table { border-collapse: collapse; background: #fff; border: 1px solid #d8dce1; font-size: 14px; }
#health th, #health td { padding: 4px 12px; border-bottom: 1px solid #e6e9ed; text-align: left; }
#health td.changed { color: #b3261e; font-weight: 600; }
#health p.lost { color: #b3261e; }
`;

/** The before/after health table as a section of its own; a cell that differs from the one before it is marked. */
function healthSection(health: HealthTable | undefined): string {
  if (!health) return '';
  const header = `<tr>${health.headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('')}</tr>`;
  const rows = health.rows.map(([name, type, before, after]) => {
    const changed = after !== before && after !== '—' ? ' class="changed"' : '';
    return `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(type)}</td><td>${escapeHtml(before)}</td><td${changed}>${escapeHtml(after)}</td></tr>`;
  });
  const lost = health.lost ? `<p class="lost">Lost: ${escapeHtml(health.lost)}</p>` : '';
  return `<section id="health"><style>${HEALTH_CSS}</style><h2>Health before and after</h2>
<table>${header}
${rows.join('\n')}
</table>${lost}</section>`;
}

/** "2026-11-25 17:26:22 UTC" from the header's Unix time (optional in asciicast v2, and maybe no date at all). */
function recordedAt(timestamp: number | undefined): string | undefined {
  const date = new Date((timestamp ?? Number.NaN) * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function exportPage(input: ExportInput): string {
  const { cast } = input;
  const title = cast.header.title ?? 'hitless recording';
  const markers = castMarkers(cast);
  const steps = markers.filter((marker) => !marker.label.startsWith(OUTCOME_MARKER_PREFIX));
  const outcome = markers.find((marker) => marker.label.startsWith(OUTCOME_MARKER_PREFIX))?.label.slice(OUTCOME_MARKER_PREFIX.length);
  const recorded = recordedAt(cast.header.timestamp);
  const chapterItems = markers
    .map(
      (marker) =>
        `<li data-time="${marker.time}"><button type="button">${escapeHtml(marker.label)}</button><span class="at">${playerTime(marker.time)}</span></li>`,
    )
    .join('\n');
  const facts: Array<[string, string]> = [
    ['Recorded', recorded ?? 'not said in the recording'],
    ['Length', playerTime(castDuration(cast))],
    ['Steps', steps.map((step) => step.label).join(' → ') || 'none recorded'],
    ['Outcome', outcome ?? 'not recorded (the run did not finish)'],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${playerAsset('style')}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(`${recorded ? `${recorded} · ` : ''}${cast.header.width}×${cast.header.height}`)}</p></header>
<main>
<div id="player" data-end="${castDuration(cast)}"></div>
<nav><h2>Procedure steps</h2><ol id="chapters">
${chapterItems}
</ol></nav>
</main>
<section id="summary"><h2>Summary</h2>
<dl>${facts.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
${input.report ? `<pre>${escapeHtml(input.report)}</pre>` : ''}
</section>
${healthSection(input.health)}
<script type="application/json" id="recording">${jsonForScript(input.castText)}</script>
<script>${scriptSafe(playerAsset('script'))}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

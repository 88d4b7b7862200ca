// What limits each figure, written once here and copied into RESULTS.md for every target a run does not meet.

const PIPELINE_LIMIT =
  'The real path parses every byte twice: @xterm/headless for the screen (the whole baseline) plus ExosSession\'s ' +
  'prompt, pager and question detection on the last 4 KiB of each chunk. Chunks are kept as they came (a long chunk as ' +
  'views of itself) and joined once at the prompt; a command\'s output is cleaned once, when read: the engine reads what ' +
  'its own commands printed, while an operator\'s `show log` is only shown in the console. Profiles of both bursts (2 Dec ' +
  '2026, load average ~20-40) put ~60 % of the real path\'s CPU in xterm and ~20 % in garbage collection (xterm\'s cell ' +
  'buffers mostly; the pipeline allocates ~20 % more than raw xterm), a few % in Exchange, ExosSession and matchQuestion, ' +
  'and the rest in the in-memory transport\'s one macrotask per chunk, the engine events and the journal\'s fsync at ' +
  'step boundaries. The run-to-run spread on a shared 2-core machine is about ±0.1; the CPU-time ratio in the notes is ' +
  'the steadier figure.';

export const LIMITS: Record<string, string> = {
  'pipeline-50k': PIPELINE_LIMIT,
  'pipeline-5m': PIPELINE_LIMIT,
  'pipeline-flat':
    'Per chunk ExosSession looks at a bounded tail only (Exchange keeps at most ~8 KiB as a string, the rest as chunks ' +
    'joined once at the prompt), so a command\'s output costs the same per byte however long it is. Before issue 15 the ' +
    'accumulated output was re-read per chunk: 5 MB outputs ran at ~0.16 of raw xterm speed, 500 KB outputs at ~0.5. ' +
    'Below 0.9 would mean something reads the whole output per chunk again (or run-to-run noise, about ±0.1 per ratio).',
  'ui-fps':
    'Ink throttles renders to maxFps 30 (source/cli/tuiRun.tsx) and ConsoleBuffer folds output notifications to 30/s, so ' +
    'more than 30 frames in a second would mean one of the two throttles is bypassed.',
  'ui-tail':
    'The last frame can only follow the end of xterm\'s parsing; then ConsoleBuffer\'s trailing throttle (up to 33 ms) and ' +
    'Ink\'s (up to 34 ms) may each hold the frame back, plus one render. On a loaded machine the parse itself finishes late ' +
    '(the "xterm still parsing" baseline).',
  'rss-growth':
    'What is kept does not grow: after GC the heap is only a few MB larger and the scrollback holds 5000 lines + the ' +
    'viewport however much output arrives. RSS grows with V8\'s young generation, its old-space pages and malloc\'s ' +
    'main arena: rendering allocates heavily. bin/hitless.js, `npm start` and this probe start node with ' +
    '--max-semi-space-size=2, capping the young generation at 2 x 2 MB; setting the flag later (v8.setFlagsFromString after ' +
    'the first frame) has no effect, V8 fixes the young generation at start. Each sample is taken 3 s after a full GC: ' +
    'V8 returns freed pages to the system on a background thread, and RSS read at once (as until 2 Dec 2026) counted ' +
    'some of them, so single runs spread from 9 to 47 MB; settled they measure 6-13 MB against ~6 MB for bare xterm.',
  'ink-frame':
    'Ink 6.8 rebuilt its whole output grid every frame from empty caches: a CPU profile (2 Dec 2026) put ~40 % of its ' +
    'time in tokenising each line\'s text (ansi-tokenize with Intl.Segmenter, string-width), ~22 % in turning cells back ' +
    'into strings (a style diff between every two neighbouring cells) and ~18 % in walking the tree. patches/ink+6.8.0.patch ' +
    '(applied by patch-package on install) keeps Ink\'s line and width caches across frames (bounded), takes a line of ' +
    'printable ASCII without segmenting it, skips the style diff between equal styles, shares blank cells and the ' +
    'characters of one style run, and reuses a row\'s string when its cells are last frame\'s: ~12-25 ms became ~6-9 ms ' +
    'on this machine. What is left is new text: during a burst every console row is new each frame, and its coloured ' +
    'lines still go through the tokeniser; Ink still walks the whole tree and writes the whole screen. Single runs ' +
    'spread by ±30 % with the load.',
  'ui-burst-time':
    'Each frame costs a React render of what changed (console rows are memoised by content; panes, checklist and header ' +
    'by their slice of state), Yoga\'s layout, Ink\'s output step (see Ink work per frame) and garbage collection, ' +
    'competing with parsing for the one JavaScript thread. The console refreshes at 10/s once output has kept coming for ' +
    '100 ms (30/s again after a 250 ms pause), and while it floods the engine\'s own updates wait for its next frame ' +
    'instead of drawing frames of their own, so a 10 MB burst draws ~11-15 frames (~45 before issue 15). A slower run ' +
    'takes longer and so draws more frames at the same rate, which is why single runs spread from ~1.2 to ~2.',
  'first-frame-npm':
    'npm\'s own start-up (the baseline: reading its configuration and package.json, spawning a shell) comes first; the ' +
    'rest is the hitless bin with its simulated chassis in the same process, then the first frame.',
  'rss-start':
    'Most of the resident memory at start is Node.js itself (~40 MB), V8 code for the 1.5 MB bundle (React, Ink, yoga, ' +
    'xterm, ssh2) and the first SSH session.',
  'first-frame-installed':
    'The installed package runs the same dist/hitless.js as the checkout\'s bin, from another folder: what is left is ' +
    'what is left of the bin\'s first frame (the row above). On Node.js 20 there is no compile cache for ES modules, ' +
    'so every start compiles the ~1 MB of JavaScript the first frame needs again (~25 ms in the profile above); the bin ' +
    'calls module.enableCompileCache where it exists (Node.js 22 and later). No Node.js 22 was measured here: this ' +
    'project installs Node.js from the system, not from a registry.',
  'first-frame':
    'The UI draws first and connects behind it (issue 15); ssh2, the engine, xterm and the simulator load after the first ' +
    'frame, Node built-ins come through process.getBuiltinModule (no ES module facade), string-width builds its emoji ' +
    'regex only for multi-code-point clusters and yoga decodes its WebAssembly without fetch(). A CPU profile of the ' +
    'built CLI on a quiet machine (2 Dec 2026, first frame ~280 ms against ~93 ms for bare node) puts what is left at: ' +
    '~40 ms Node.js start-up; 60-70 ms loading React, Ink and yoga and the first render on cold code; ~34 ms compiling ' +
    'Node\'s own modules (module loader, stream/net/tty, child_process via terminal-size and ssh-config, assert via ' +
    'signal-exit, perf_hooks via React\'s scheduler, readline); ~25 ms compiling the 1.05 MB of JavaScript before the ' +
    'first frame; ~27 ms finding, loading and linking its 24 chunks; ~15 ms GC; 13-19 ms string-width and ICU set-up. ' +
    'Nothing else is over ~4 ms. A compile cache would save at most ~10 % and Node 20 has none for ES modules ' +
    '(module.enableCompileCache is Node 22). Twice bare node (~185 ms quiet) is below what loading and drawing once with ' +
    'Ink 6 and React 19 costs on Node 20. The ratio moves with the load: bare node slows down more than hitless does.',
  'idle-cpu':
    'The screen\'s clock wakes only when something shown changes by itself: every second while a step runs or a ' +
    'connection is made; waiting for the operator only at the run time\'s next minute (the header shows minutes) and once ' +
    'when the last read turns stale (a poll plus 2 s after it). Sampled in 8 s windows, the waiting bin uses no CPU at all ' +
    'except the stale redraw, V8\'s memory reducer (a few collections ~10-25 s after start-up work stops, once) and ' +
    'the minute tick (~0.1 s of CPU on this machine). The window was 10 s from the confirmation until 2 Dec 2026 and ' +
    'measured 0.7-1.1 %: mostly the memory reducer\'s one-off collections. With the header\'s run time ticking every ' +
    'second (before issue 15) the same 10 s measured 3.7 %.',
  'happy-upgrade':
    'At speed 0 the simulated chassis changes state at once; what remains is process start-up, the SSH sessions (the ' +
    'failover drops the link and the engine reconnects) and the engine\'s reconnect pause of 0.5 s after the failover.',
  'detect-default':
    'The engine notices a state change at its next `show switch`, which it reads every --poll seconds while waiting; the ' +
    'latency is anywhere between one `show switch` and one poll interval plus a read, and after the failover also the ' +
    'reconnect pause (0.5 s, doubling while the master does not answer). A 2 s bound holds only with a poll of about ' +
    '1.5 s or less (the former default of 5 s reached ~5 s, see the comparison row).',
  'fleet-done': 'Every chassis that did not finish is listed in the fleet\'s own output with its last error.',
  'fleet-view-fps':
    'The fleet store folds every event at once but tells the view at most once per 100 ms (FLEET_FRAME_MS, ' +
    'source/ui/fleet/fleetStore.ts), and Ink draws at most FLEET_MAX_FPS (10) frames a second; under a flood that keeps ' +
    'the one JavaScript thread busy the frames come later than their 100 ms, so fewer than 10 are drawn. More than 10 ' +
    'would mean both throttles are bypassed.',
  'fleet-view-run-time':
    'The view connects every chassis at once, like the headless fleet; only the operator\'s questions (a password, an ' +
    'unknown host key) come one at a time (the dialogs queue them; oneQuestionAtATime in source/run/ttyPrompt.ts on a ' +
    'plain terminal). The longer run is the view itself: 50 engines and their SSH connections share the machine\'s 2 ' +
    'cores with React, Ink and the tmux that draws it, and the view redraws each second while a chassis runs (see CPU time).',
  'fleet-view-run-cpu':
    'On top of the headless fleet\'s work (50 SSH connections, engines and journals) the view renders: the fleet store ' +
    'folds every event and tells React at most once per 100 ms, Ink draws at most 10 frames a second, each a React render ' +
    'of the rows that changed, Yoga\'s layout and Ink\'s output step for the whole 120x40 screen, and at least one ' +
    'frame a second for as long as a chassis runs. ' +
    'The headless fleet prints one line per chassis instead.',
  'fleet-view-run-rss':
    'The view loads React, Ink and Yoga (WebAssembly) besides ssh2 and the engines, keeps each chassis\' last output ' +
    '(at most 2 x 64 K characters, source/ui/fleet/fleetConsoles.ts; no chassis\' console is opened here, so no xterm) and ' +
    'allocates per frame; the young generation is capped at 2 x 2 MB (--max-semi-space-size=2) in both runs.',
  'fleet-view-run-fps':
    'Ink draws at most FLEET_MAX_FPS (10) frames a second and the fleet store tells the view at most once per 100 ms ' +
    '(FLEET_FRAME_MS, source/ui/fleet/fleetStore.ts); while chassis run the view also wakes each second for their step ' +
    'times. More than 10 would mean both throttles are bypassed.',
  'fleet-idle-cpu':
    'The fleet view wakes only when a shown time changes: each second while a chassis runs, only at the next minute of a ' +
    'waiting step while every chassis waits (its step time is shown to the minute; before issue 25 it redrew every second ' +
    'with 50 waiting chassis, 1.77 % in the same measurement). The rest was the SSH keepalive: every connection pinged ' +
    'its switch every 2 s, 25 encrypted pings and replies a second for 50 chassis (a CPU profile of the waiting bin, 6 Dec ' +
    '2026, had most of its samples in the keepalive send and the replies\' decryption; 1.48 % against 0.60 % with keepalive ' +
    'off). Since issue 25 the keepalive relaxes to every 15 s while a confirmation waits for the operator ' +
    '(source/transport/keepalive.ts; nothing is sent meanwhile and every destructive step re-reads `show switch` first) ' +
    'and is back to 2 s the moment it is answered: ~3 pings a second for 50 chassis. What is left is the comparison row ' +
    '(the view\'s minute ticks, the engines and V8\'s memory reducer after start-up) plus those pings.',
};

export const FINDINGS = `## Findings for the code owners (from profiles taken while writing this bench)

- **React's development build leaks** (fixed in cli.tsx, which now sets NODE_ENV=production before React loads; the
  memory table keeps a development-build row to show why): it records a \`performance.measure()\` entry per component
  render (~140 per frame) and Node.js keeps every one, ~150 KB of heap per frame; the once-a-second clock of a waiting
  upgrade alone renders 3600 frames an hour (~0.5 GB an hour). Tests that render the UI directly still use it, harmlessly.
- **ExosSession's per-chunk scan was quadratic in one command's output** (fixed for issue 15): Exchange.feed appended
  each chunk to the accumulated output and sliced its tail, which made V8 flatten (copy) the whole output on every chunk;
  a burst of 5 MB outputs spent 55 % of its CPU there. It now keeps the last few KiB as a string and the rest as chunks
  joined once when the prompt arrives, and the output is cleaned once, when read (it was cleaned twice per command).
- **The journal fsync'ed every event** (~1 ms each): it now writes every event at once (a SIGKILL loses nothing the
  process announced) and fsyncs at step boundaries and on close (a machine crash loses at most the current step).
- **Each frame re-renders the whole screen**: ~15-25 ms of Ink work (tokenising every line, string widths) plus garbage
  collection, so a burst at 30 frames/s takes about half a core from parsing; a 10 MB burst took ~2x longer to take in
  with the console open. Fixed for issue 15 by fewer frames (10/s during sustained output, engine updates paced to the
  console's frames) and cheaper ones (patches/ink+6.8.0.patch: Ink's caches kept across frames, ASCII and equal-style
  fast paths, unchanged rows reused); worth offering upstream, as Ink 8 renders the same way.

`;

export const METHOD = `## How each figure is measured

- **Console pipeline**: two ~10 MB bursts recorded from the simulator's own CLI (banner, \`show switch\` pages, a download
  with its install question and ~610 progress dots) plus SGR-coloured \`show log\` outputs typed by an operator (16-colour,
  bold/underline, 256-colour, truecolour), 50 KB each in one burst and 5 MB each in the other, replayed in 16 KiB chunks, one per macrotask, through an in-memory Transport
  into ExosSession (prompt, pager and question detection; answers sent back and checked against the recording), the
  engine's \`readChassis\`, \`downloadProgress\` (exos), ConsoleBuffer (@xterm/headless, 118x26, 5000 lines of scrollback) and
  a JSONL journal (fsync at step boundaries, as the CLI's). Baseline: the same chunks written straight into an @xterm/headless Terminal of the same size
  in the same process, until its write callback fired. Runs alternate; medians. The bench process runs with the V8 flags
  of bin/hitless.js (\`npm run bench\` passes them; the bench reads them from the bin's shebang line and refuses to run without).
- **UI under a burst**: five runs, the median one (by ratio) reported; the end-of-burst tail is the median of the five with their spread (lowest–highest). \`bench/probes/uiProbe.tsx\` runs in a tmux pane (a real terminal, 120x40) and renders the real
  \`App\` with the Ink options of source/cli/tuiRun.tsx (\`maxFps: 30\`, incrementalRendering off), fed by the same
  pipeline; Ink's \`onRender\` timestamps are the frames; the last frame is the first one showing the console's final
  state (later frames are the once-a-second clock). Run through tsx with NODE_ENV=production (React's production build,
  as in dist/) and the V8 flags of bin/hitless.js. The same process first takes the burst in without a UI, the baseline of the "time to take it in" row.
- **Memory after 100 MB**: the same probe feeds the burst's chunks ten times into the UI's ConsoleBuffer; RSS before
  and after, each read 3 s after a forced GC (then another GC), median of three runs; baseline the same bytes into a bare Terminal in its own process. The extra row repeats
  the UI run with 30 MB and React's development build (how the CLI ran under tsx before cli.tsx set
  NODE_ENV=production) and compares the heap kept after GC.
- **Start-up, RSS, idle CPU**: \`npm run build\` bundles the CLI with esbuild into dist/hitless.js (React production build,
  ssh2 external). \`hitless upgrade\` (full-screen console) is started in tmux as users start it: bin/hitless.js executed
  (its shebang line starts node with --max-semi-space-size=2; it checks the bundle is newer than the sources and runs
  it), against a simulated chassis running in another process; the first frame is the first screen showing the MSM
  panes; RSS is VmRSS from /proc at that moment. \`npm start\` (embedded simulated chassis) is timed the same way, next to
  npm running a script that prints one line.
  Idle CPU: utime+stime from /proc/PID/stat over 60 s from 1 s after the console drew its first confirmation, next
  to a bare node process holding a raw-mode terminal.
- **Happy upgrade**: \`bin/hitless.js upgrade --simulate happy --speed 0 --headless --yes\`, wall time of the process.
- **Detection latency**: complete happy upgrades in-process against embedded simulators, four per poll setting, all at
  once, at speeds chosen so that a rebooted backup turns In Sync at evenly spread moments of the poll cycle (1 to 1 + poll
  seconds after the reboot); the chassis model's 'change' events give the moment a rebooted backup
  turns In Sync or the new master answers again after failover; the latency runs to the engine's next event that moves on
  (a decision other than "wait", or "new master reconnected").
- **Fleet**: ${'`'}hitless fleet FILE --yes --json${'`'} through bin/hitless.js against simulated chassis at speed 0 in a second process; peak RSS
  is the highest VmHWM sampled every 50 ms; the baseline is a fleet of one on the same machine. Then the full-screen fleet
  view, ${'`'}hitless fleet FILE --yes${'`'} in tmux (120x40), upgrades 50 other chassis of the same simulator process, measured
  against the headless fleet of 50 just before it: time from start to exit, CPU time (utime+stime from /proc/PID/stat) and
  peak RSS (VmHWM), both read every 50 ms until the process is gone, for both runs alike; frames are Ink's
  synchronized-output brackets (ESC[?2026h, one per frame) in what the view wrote to its terminal, copied by tmux pipe-pane
  from its first byte and read every 50 ms (the busiest second is counted at that resolution).
- **Fleet view**: ${'`'}bench/probes/fleetProbe.tsx${'`'} runs in a tmux pane (120x40) and renders the real FleetApp with the fleet
  store and the Ink options of source/cli/fleetViewCommand.tsx for 50 running chassis, each emitting a progress event per
  macrotask for 5 s; Ink's ${'`'}onRender${'`'} timestamps are the frames, the baseline is the events arriving. Idle CPU: the hitless
  bin (${'`'}hitless fleet FILE${'`'}, no --yes) in tmux with 50 simulated chassis at speed 0 in a second process, utime+stime from
  /proc/PID/stat over 60 s from 1 s after the header says 50 waiting, next to a bare node process holding a raw-mode
  terminal; then the same with SSH keepalive off (30 s).
`;

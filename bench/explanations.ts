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
    'viewport however much output arrives. RSS grows with V8\'s young generation and malloc arenas: rendering allocates ' +
    'heavily (Ink rebuilds every screen line each frame), and by default V8 lets its semi-spaces grow to 2 x 16 MB, pages ' +
    'that stay resident (10-65 MB of growth in runs before issue 15). bin/hitless.js, `npm start` and this probe start node ' +
    'with --max-semi-space-size=2, capping the young generation at 2 x 2 MB (an in-process trial left RSS flat over 50 MB ' +
    'of output, start-up RSS ~45 MB lower) for more frequent scavenges; what growth remains is malloc arenas and xterm\'s ' +
    'buffer filling up to its scrollback bound.',
  'ink-frame':
    'Ink re-renders the whole screen each frame, tokenising every line and measuring string widths (~15-25 ms per frame ' +
    'in runs before issue 15); rendering only the console rows that changed is the UI\'s part of issue 15.',
  'ui-burst-time':
    'Each frame re-renders the whole screen (see Ink work per frame) plus garbage collection, which competes with parsing ' +
    'for the one JavaScript thread; rendering less and a lower console refresh rate during sustained output are the UI\'s ' +
    'part of issue 15.',
  'first-frame-npm':
    'npm\'s own start-up (the baseline: reading its configuration and package.json, spawning a shell) comes first; the ' +
    'rest is the hitless bin with its simulated chassis in the same process, then the first frame.',
  'rss-start':
    'Most of the resident memory at start is Node.js itself (~40 MB), V8 code for the 1.5 MB bundle (React, Ink, yoga, ' +
    'xterm, ssh2) and the first SSH session.',
  'first-frame':
    'A CPU profile of one start of the built CLI (25 Nov 2026, first frame at ~1.2 s, load average ~8) showed where the ' +
    'time goes: ~300 ms Node.js start-up and compiling the bundle and ssh2; ~150 ms initialising modules, mostly ' +
    'yoga-layout fetching its WebAssembly from a data: URL through undici and string-width building its tables; ~250 ms ' +
    'waiting for the first SSH session (connect, key exchange, login, `disable clipaging`), which tuiRun opens before ' +
    'the UI so password and host-key questions can use the plain terminal; ~250 ms for the first React/Ink render with ' +
    'cold JIT (string-width per character). bin/hitless.js adds a few ms, comparing the modification times of ~160 source ' +
    'files with the bundle\'s. Drawing the UI first and connecting behind it when no question is needed ' +
    '(password from the environment, host key already known) would take the SSH wait off the first frame; the rest is ' +
    'the price of React + Ink + yoga on Node 20 (no compile cache before Node 22). The "bare node" baseline shows what ' +
    'start-up alone costs on this machine at the time of the run.',
  'idle-cpu':
    'An idle console should use nothing: no timers run while the engine waits for a confirmation.',
  'happy-upgrade':
    'At speed 0 the simulated chassis changes state at once; what remains is process start-up, the SSH sessions (the ' +
    'failover drops the link and the engine reconnects) and the engine\'s reconnect pause of 0.5 s after the failover.',
  'detect-default':
    'The engine notices a state change at its next `show switch`, which it reads every --poll seconds while waiting; the ' +
    'latency is anywhere between one `show switch` and one poll interval plus a read, and after the failover also the ' +
    'reconnect pause (0.5 s, doubling while the master does not answer). A 2 s bound holds only with a poll of about ' +
    '1.5 s or less (the former default of 5 s reached ~5 s, see the comparison row).',
  'fleet-done': 'Every chassis that did not finish is listed in the fleet\'s own output with its last error.',
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
  collection, so a burst at 30 frames/s takes about half a core from parsing; a 10 MB burst takes ~2x longer to take in
  with the console open. A lower console refresh rate during sustained output (e.g. 10/s) would cut that to a third.

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
- **UI under a burst**: \`bench/probes/uiProbe.tsx\` runs in a tmux pane (a real terminal, 120x40) and renders the real
  \`App\` with the Ink options of source/cli/tuiRun.tsx (\`maxFps: 30\`, incrementalRendering off), fed by the same
  pipeline; Ink's \`onRender\` timestamps are the frames; the last frame is the first one showing the console's final
  state (later frames are the once-a-second clock). Run through tsx with NODE_ENV=production (React's production build,
  as in dist/) and the V8 flags of bin/hitless.js. The same process first takes the burst in without a UI, the baseline of the "time to take it in" row.
- **Memory after 100 MB**: the same probe feeds the burst's chunks ten times into the UI's ConsoleBuffer; RSS after two
  forced GCs before and after; baseline the same bytes into a bare Terminal in its own process. The extra row repeats
  the UI run with 30 MB and React's development build (how the CLI ran under tsx before cli.tsx set
  NODE_ENV=production) and compares the heap kept after GC.
- **Start-up, RSS, idle CPU**: \`npm run build\` bundles the CLI with esbuild into dist/hitless.js (React production build,
  ssh2 external). \`hitless upgrade\` (full-screen console) is started in tmux as users start it: bin/hitless.js executed
  (its shebang line starts node with --max-semi-space-size=2; it checks the bundle is newer than the sources and runs
  it), against a simulated chassis running in another process; the first frame is the first screen showing the MSM
  panes; RSS is VmRSS from /proc at that moment. \`npm start\` (embedded simulated chassis) is timed the same way, next to
  npm running a script that prints one line.
  Idle CPU: utime+stime from /proc/PID/stat over 10 s while the console waits at its first confirmation, next to a
  bare node process holding a raw-mode terminal.
- **Happy upgrade**: \`bin/hitless.js upgrade --simulate happy --speed 0 --headless --yes\`, wall time of the process.
- **Detection latency**: complete happy upgrades in-process against embedded simulators, four per poll setting, all at
  once, at speeds chosen so that a rebooted backup turns In Sync at evenly spread moments of the poll cycle (1 to 1 + poll
  seconds after the reboot); the chassis model's 'change' events give the moment a rebooted backup
  turns In Sync or the new master answers again after failover; the latency runs to the engine's next event that moves on
  (a decision other than "wait", or "new master reconnected").
- **Fleet**: ${'`'}hitless fleet FILE --yes --json${'`'} through bin/hitless.js against simulated chassis at speed 0 in a second process; peak RSS
  is the highest VmHWM sampled every 50 ms; the baseline is a fleet of one on the same machine.
`;

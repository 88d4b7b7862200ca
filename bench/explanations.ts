// What limits each figure, written once here and copied into RESULTS.md for every target a run does not meet.

export const LIMITS: Record<string, string> = {
  pipeline:
    'The real path parses every byte twice: @xterm/headless for the screen (the whole baseline) plus ExosSession. ' +
    'Exchange.feed appends each chunk to the command\'s accumulated output (`this.buffer += chunk`) and then reads from ' +
    'that string (a bounded `slice` since 815ed38, `lastIndexOf` before), and either makes V8 flatten, i.e. copy, the ' +
    'whole output again on every chunk: the cost grows with the square of one command\'s output. With 815ed38, a burst ' +
    'made of 5 MB outputs spends 55 % of its CPU in Exchange.feed and runs at ~0.16 of raw xterm speed; 500 KB outputs ' +
    '(this row) at ~0.5. Micro-benchmark: `s += 16 KiB; s.slice(-4096)` up to 9.4 MB takes 6 s; a separately kept 4 KiB ' +
    'tail plus a list of chunks joined once at the prompt takes 19 ms. source/session/exchange.ts is not the bench\'s to ' +
    'change. Another ~15 % is cleaning each whole output twice per command (stripTerminalNoise, then again inside ' +
    'findSwitchErrors/outputLines); each engine event is also fsync\'ed to the journal (~1 ms each here). The run-to-run ' +
    'spread on a shared 2-core machine is about ±0.1; the CPU-time ratio in the notes is the steadier figure.',
  'ui-fps':
    'Ink throttles renders to maxFps 30 (source/cli/tuiRun.tsx) and ConsoleBuffer folds output notifications to 30/s, so ' +
    'more than 30 frames in a second would mean one of the two throttles is bypassed.',
  'ui-tail':
    'The last frame can only follow the end of xterm\'s parsing; then ConsoleBuffer\'s trailing throttle (up to 33 ms) and ' +
    'Ink\'s (up to 34 ms) may each hold the frame back, plus one render. On a loaded machine the parse itself finishes late ' +
    '(the "xterm still parsing" baseline).',
  'rss-growth':
    'What is kept does not grow: after GC the heap is only ~3-4 MB larger and the scrollback holds 5017 lines (5000 + ' +
    'viewport) however much output arrives. The RSS growth is V8\'s young generation: rendering allocates heavily (Ink ' +
    'rebuilds every screen line character by character each frame), so V8 grows its semi-spaces to their 2 x 16 MB ' +
    'maximum and those pages stay resident, plus malloc arenas; it depends on how much rendering the run did (10-65 MB ' +
    'in runs on this machine) and stops at that bound. In-process with `--max-semi-space-size=2` the same 50 MB left RSS flat and ' +
    'start-up RSS ~45 MB lower, for more frequent scavenges; starting hitless with that V8 flag (NODE_OPTIONS or the ' +
    'bin script) is an option for the lead.',
  'rss-start':
    'Most of the resident memory at start is Node.js itself (~40 MB), V8 code for the 1.5 MB bundle (React, Ink, yoga, ' +
    'xterm, ssh2) and the first SSH session.',
  'first-frame':
    'A CPU profile of one start of the built CLI (25 Nov 2026, first frame at ~1.2 s, load average ~8) showed where the ' +
    'time goes: ~300 ms Node.js start-up and compiling the bundle and ssh2; ~150 ms initialising modules, mostly ' +
    'yoga-layout fetching its WebAssembly from a data: URL through undici and string-width building its tables; ~250 ms ' +
    'waiting for the first SSH session (connect, key exchange, login, `disable clipaging`), which tuiRun opens before ' +
    'the UI so password and host-key questions can use the plain terminal; ~250 ms for the first React/Ink render with ' +
    'cold JIT (string-width per character). Drawing the UI first and connecting behind it when no question is needed ' +
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
- **ExosSession's per-chunk scan is quadratic in one command's output** (see the pipeline row's explanation): since
  815ed38 Exchange.feed slices a bounded tail, but off the accumulated string, which V8 flattens (copies) first on every
  chunk; a burst of 5 MB outputs still spends 55 % of its CPU there. Keep the last few KiB in a separate string and the
  chunks in a list joined once when the prompt arrives.
- **Each frame re-renders the whole screen**: ~15-25 ms of Ink work (tokenising every line, string widths) plus garbage
  collection, so a burst at 30 frames/s takes about half a core from parsing; a 10 MB burst takes ~2x longer to take in
  with the console open. A lower console refresh rate during sustained output (e.g. 10/s) would cut that to a third.

`;

export const METHOD = `## How each figure is measured

- **Console pipeline**: a ~10 MB burst recorded from the simulator's own CLI (banner, \`show switch\` pages, a download with
  its install question and ~610 progress dots) plus SGR-coloured \`show log\` pages typed by an operator (16-colour,
  bold/underline, 256-colour, truecolour), replayed in 16 KiB chunks, one per macrotask, through an in-memory Transport
  into ExosSession (prompt, pager and question detection; answers sent back and checked against the recording), the
  engine's \`readChassis\`, \`downloadProgress\` (exos), ConsoleBuffer (@xterm/headless, 118x26, 5000 lines of scrollback) and
  a fsync'ed JSONL journal. Baseline: the same chunks written straight into an @xterm/headless Terminal of the same size
  in the same process, until its write callback fired. Runs alternate; medians.
- **UI under a burst**: \`bench/probes/uiProbe.tsx\` runs in a tmux pane (a real terminal, 120x40) and renders the real
  \`App\` with the Ink options of source/cli/tuiRun.tsx (\`maxFps: 30\`, incrementalRendering off), fed by the same
  pipeline; Ink's \`onRender\` timestamps are the frames; the last frame is the first one showing the console's final
  state (later frames are the once-a-second clock). Run through tsx with NODE_ENV=production (React's production build,
  as in dist/). The same process first takes the burst in without a UI, the baseline of the "time to take it in" row.
- **Memory after 100 MB**: the same probe feeds the burst's chunks ten times into the UI's ConsoleBuffer; RSS after two
  forced GCs before and after; baseline the same bytes into a bare Terminal in its own process. The extra row repeats
  the UI run with 30 MB and React's development build (how the CLI ran under tsx before cli.tsx set
  NODE_ENV=production) and compares the heap kept after GC.
- **Start-up, RSS, idle CPU**: \`npm run build\` bundles the CLI with esbuild into dist/hitless.js (React production build,
  ssh2 external). \`hitless upgrade\` (full-screen console) is started in tmux against a simulated chassis running in
  another process; the first frame is the first screen showing the MSM panes; RSS is VmRSS from /proc at that moment.
  Idle CPU: utime+stime from /proc/PID/stat over 10 s while the console waits at its first confirmation, next to a
  bare node process holding a raw-mode terminal.
- **Happy upgrade**: \`node dist/hitless.js upgrade --simulate happy --speed 0 --headless --yes\`, wall time of the process.
- **Detection latency**: complete happy upgrades in-process against embedded simulators, four per poll setting, all at
  once, at speeds chosen so that a rebooted backup turns In Sync at evenly spread moments of the poll cycle (1 to 1 + poll
  seconds after the reboot); the chassis model's 'change' events give the moment a rebooted backup
  turns In Sync or the new master answers again after failover; the latency runs to the engine's next event that moves on
  (a decision other than "wait", or "new master reconnected").
- **Fleet**: ${'`'}hitless fleet FILE --yes --json${'`'} from dist/ against simulated chassis at speed 0 in a second process; peak RSS
  is the highest VmHWM sampled every 50 ms; the baseline is a fleet of one on the same machine.
`;

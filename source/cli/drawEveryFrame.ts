// Imported for its side effect, before anything loads Ink: first in cli.tsx (a bundle hoists Ink's chunk above the
// other imports of the module that uses it) and in tuiRun for runs started there. Ink draws only the last frame when
// CI or CONTINUOUS_INTEGRATION is set (the is-in-ci package, read once as Ink loads), so a variable inherited from a
// build job or a jump host's profile would leave the full-screen console, and the screen in a recording, blank until
// the run ends. hitless reads neither variable itself.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

// The screen with connecting's questions drawn over it: below the header and the MSM panes when the terminal has the
// room (so the chassis stays in view at a reconnect after failover), at the top otherwise. The keys of a dialog never reach the
// screen beneath: the caller sends them to ConnectionDialogs.key instead.
import { useSyncExternalStore, type ReactNode } from 'react';
import { Box } from 'ink';
import { useScreenSize } from './App.js';
import type { ConnectionDialogs } from './connectionDialogs.js';
import { DisplayContext, FULL_DISPLAY, type Display } from './display.js';
import { HEADER_ROWS, PANE_ROWS } from './layout.js';
import { ConnectionDialogBox, connectionDialogRows } from './components/ConnectionDialogBox.js';

export function WithConnectionDialogs({ dialogs, display = FULL_DISPLAY, children }: { dialogs: ConnectionDialogs; display?: Display; children: ReactNode }) {
  const dialog = useSyncExternalStore(dialogs.subscribe, dialogs.current);
  const { columns, rows } = useScreenSize().size;
  // Below the header and the panes; the screen is one row shorter than the terminal.
  const belowPanes = HEADER_ROWS + PANE_ROWS;
  const top = dialog && rows - 1 >= belowPanes + connectionDialogRows(dialog, columns) ? belowPanes : 0;
  return (
    <Box flexDirection="column">
      {children}
      {dialog && (
        <Box position="absolute" marginTop={top} width={columns}>
          <DisplayContext.Provider value={display}>
            <ConnectionDialogBox dialog={dialog} width={columns} />
          </DisplayContext.Provider>
        </Box>
      )}
    </Box>
  );
}

import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { AppShell } from './layout/AppShell.js';
import { useSoundCues } from './status/use-sound-cues.js';
import { useAppTheme } from './theme/use-app-theme.js';

export function App() {
  const theme = useAppTheme();
  useSoundCues();
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline enableColorScheme />
      <AppShell />
    </ThemeProvider>
  );
}

import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { AppShell } from './layout/AppShell.js';
import { useAppTheme } from './theme/use-app-theme.js';

export function App() {
  const theme = useAppTheme();
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline enableColorScheme />
      <AppShell />
    </ThemeProvider>
  );
}

import { createTheme, type Theme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useMemo } from 'react';
import { useAppStore } from '../store/app-store.js';

/** Light or dark as the OS says (prefers-color-scheme), unless the user chose one in settings. */
export function useAppTheme(): Theme {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const choice = useAppStore((state) => state.settings?.app.theme ?? 'system');
  const mode = choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
  return useMemo(() => buildTheme(mode), [mode]);
}

function buildTheme(mode: 'light' | 'dark'): Theme {
  const theme = createTheme({
    palette: {
      mode,
      // The app icon's indigo.
      primary: { main: mode === 'dark' ? '#a5b4fc' : '#4f46e5' },
      error: { main: mode === 'dark' ? '#f28b82' : '#c5221f' },
      background:
        mode === 'dark' ? { default: '#15171a', paper: '#1e2125' } : { default: '#f5f6f8', paper: '#ffffff' },
    },
    shape: { borderRadius: 10 },
    typography: { fontFamily: 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  });
  // Keyboard users always see where they are: a clear ring on whatever has focus.
  const focusRing = {
    '&.Mui-focusVisible, &:focus-visible': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  };
  return createTheme(theme, {
    components: {
      MuiButtonBase: { defaultProps: { disableRipple: false }, styleOverrides: { root: focusRing } },
      MuiTab: { styleOverrides: { root: { ...focusRing, outlineOffset: -3 } } },
    },
  });
}

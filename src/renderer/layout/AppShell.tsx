import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { ConnectionBanner } from '../common/ConnectionBanner.js';
import { NoticeSnackbar } from '../common/NoticeSnackbar.js';
import { OnboardingGate } from '../onboarding/OnboardingGate.js';
import { useAppStore } from '../store/app-store.js';
import { VIEWS } from './views.js';

export function AppShell() {
  const features = useAppStore((state) => state.features);
  const views = VIEWS.filter((view) => view.available(features));
  const [selected, setSelected] = useState(views[0]?.id ?? 'dictate');
  // The tray's "Settings…" (and links) select a view through the URL's hash.
  useEffect(() => {
    const follow = () => {
      const id = window.location.hash.replace(/^#/, '');
      if (id && VIEWS.some((view) => view.id === id)) setSelected(id);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const current = views.find((view) => view.id === selected) ?? views[0];
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default', color: 'text.primary' }}>
      <Box component="header" sx={{ bgcolor: 'background.paper', borderBottom: 1, borderColor: 'divider' }}>
        <Container maxWidth="md">
          <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', pt: 1.5 }}>
            <Typography variant="h6" component="h1" sx={{ fontWeight: 700 }}>
              Dictation
            </Typography>
          </Stack>
          <Tabs
            value={current?.id ?? false}
            onChange={(_event, value: string) => setSelected(value)}
            aria-label="Views"
          >
            {views.map((view) => (
              <Tab
                key={view.id}
                value={view.id}
                label={view.label}
                id={`tab-${view.id}`}
                aria-controls={`panel-${view.id}`}
              />
            ))}
          </Tabs>
        </Container>
      </Box>
      <ConnectionBanner />
      <Container maxWidth="md" component="main" sx={{ py: 3 }}>
        {current ? (
          <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
            <current.Component />
          </div>
        ) : null}
      </Container>
      <OnboardingGate />
      <NoticeSnackbar />
    </Box>
  );
}

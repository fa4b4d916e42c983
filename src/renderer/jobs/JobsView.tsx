import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type DragEvent } from 'react';
import { AddFilesBar } from './AddFilesBar.js';
import { JobList } from './JobList.js';
import { RejectedFiles } from './RejectedFiles.js';
import { addDroppedFiles } from './add-files.js';
import { useJobsFeed } from './use-jobs-feed.js';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** File transcription: drop files anywhere on this view (or add them), one card per job. */
export function JobsView() {
  useJobsFeed();
  const [dragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    void addDroppedFiles([...event.dataTransfer.files]);
  };
  return (
    <Paper
      component="section"
      aria-label="Files"
      data-testid="jobs-view"
      data-dragging={dragging}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      sx={{
        p: 2,
        minHeight: '60vh',
        position: 'relative',
        outline: dragging ? 2 : 0,
        outlineColor: 'primary.main',
      }}
    >
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary">
          Drop audio or video files anywhere here to transcribe them. Captions (WebVTT) are saved next to each
          file.
        </Typography>
        <AddFilesBar />
        <RejectedFiles />
        <JobList />
      </Stack>
      {dragging ? (
        <Box
          sx={{
            position: 'absolute',
            inset: 0,
            display: 'grid',
            placeItems: 'center',
            bgcolor: 'action.hover',
            borderRadius: 1,
            pointerEvents: 'none',
          }}
        >
          <Typography variant="h6">Drop to transcribe</Typography>
        </Box>
      ) : null}
    </Paper>
  );
}

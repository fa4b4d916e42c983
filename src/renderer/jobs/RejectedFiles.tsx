import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { dismissRejection, useJobsStore } from '../store/jobs-store.js';

/** Files that were refused when added, each with the reason, until the user dismisses it. */
export function RejectedFiles() {
  const rejections = useJobsStore((state) => state.rejections);
  if (rejections.length === 0) return null;
  return (
    <Stack spacing={1}>
      {rejections.map((rejection) => (
        <Alert
          key={rejection.id}
          severity="warning"
          onClose={() => dismissRejection(rejection.id)}
          data-testid="job-rejected"
        >
          {rejection.message}
          {rejection.hint ? (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {rejection.hint}
            </Typography>
          ) : null}
        </Alert>
      ))}
    </Stack>
  );
}

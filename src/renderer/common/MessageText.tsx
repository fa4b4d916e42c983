import Box from '@mui/material/Box';

/** An error or notice: what happened, then (on its own line) what to do about it. */
export function MessageText({ message, hint }: { message: string; hint?: string | undefined }) {
  return (
    <>
      <Box component="span" sx={{ display: 'block' }}>
        {message}
      </Box>
      {hint ? (
        <Box component="span" sx={{ display: 'block', opacity: 0.85, mt: 0.5 }}>
          {hint}
        </Box>
      ) : null}
    </>
  );
}

import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { ExportFormat } from '../../shared/exports/index.js';
import { useCanAct } from '../store/app-store.js';

const LABELS: Record<ExportFormat, string> = {
  vtt: 'WebVTT captions (.vtt)',
  srt: 'SubRip captions (.srt)',
  txt: 'Plain text (.txt)',
  json: 'JSON with timings (.json)',
};

/** A button that opens a menu of export formats; `onChoose` gets the one picked. */
export function FormatMenu<F extends ExportFormat>(props: {
  label: string;
  formats: readonly F[];
  onChoose: (format: F) => void;
  /** Each item's test id is `${itemTestId}-${format}`. */
  itemTestId: string;
  buttonTestId?: string;
}) {
  const canAct = useCanAct();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={!canAct}
        aria-haspopup="menu"
        {...(props.buttonTestId ? { 'data-testid': props.buttonTestId } : {})}
      >
        {props.label}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {props.formats.map((format) => (
          <MenuItem
            key={format}
            onClick={() => {
              setAnchor(null);
              props.onChoose(format);
            }}
            data-testid={`${props.itemTestId}-${format}`}
          >
            {LABELS[format]}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

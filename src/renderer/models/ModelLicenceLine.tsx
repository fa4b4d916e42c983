import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { ModelLicence } from '../../shared/models.js';

/** The credit a model's licence asks for, with links to the licence and to the model's own page. */
export function ModelLicenceLine({ licence }: { licence: ModelLicence }) {
  return (
    <Typography variant="caption" color="text.secondary" data-testid="model-licence">
      {licence.attribution} (
      <Link href={licence.url} target="_blank" rel="noreferrer">
        {licence.id}
      </Link>
      ,{' '}
      <Link href={licence.modelUrl} target="_blank" rel="noreferrer">
        model
      </Link>
      )
    </Typography>
  );
}

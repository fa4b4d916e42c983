import { downloadUrlFor } from '../../services/models/catalog.js';
import type { ModelManager } from '../../services/models/model-manager.js';
import { formatBytes } from '../../shared/format-bytes.js';
import type { CatalogEntry, InstalledModel } from '../../shared/models.js';
import { describeCapabilities, SPEECH_FAMILY_LABEL } from '../../shared/speech-models.js';

/** `dictation models list`: installed models, unfinished downloads, the catalog with licences. */
export async function runList(
  manager: ModelManager,
  json: boolean,
  activePath: Promise<string | null>,
): Promise<number> {
  const [listed, downloads, active] = await Promise.all([manager.list(), manager.downloads(), activePath]);
  // Active: the model transcribe and the window use without being told (the setting, then "use").
  const installed = listed.map((model) => ({ ...model, active: model.path === active }));
  const recommended = manager.recommended();
  const catalog = manager.catalog();
  if (json) {
    const out = { modelsDir: manager.modelsDir, installed, downloads, recommended, catalog };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  lines.push(`Installed models (${manager.modelsDir}):`);
  if (installed.length === 0)
    lines.push('  none yet: download one below, or "dictation models import <file>"');
  const width = Math.max(20, ...installed.map((m) => m.name.length + 2));
  for (const model of installed) lines.push(...installedLines(model, width));
  if (downloads.length > 0) {
    lines.push('', 'Unfinished downloads (the same "download" command resumes them):');
    for (const d of downloads) {
      const done = d.totalBytes
        ? `${(d.percent ?? 0).toFixed(0)}% of ${formatBytes(d.totalBytes)}`
        : formatBytes(d.bytes);
      lines.push(`  ${d.name.padEnd(width)}${done}  from ${d.url}`);
    }
  }
  lines.push('', `Available to download (recommended here: ${recommended.name}; ${recommended.reason}):`);
  const nameWidth = Math.max(...catalog.map((e) => e.name.length)) + 2;
  const baseUrl = manager.baseUrl();
  for (const group of groupByLicence(catalog)) {
    const first = group[0]!;
    const source = downloadUrlFor(first, baseUrl).replace(/\/[^/]+$/, '');
    lines.push('', `${first.licence.attribution}.`);
    lines.push(`  Licence ${first.licence.id}: ${first.licence.url}; model: ${first.licence.modelUrl}`);
    lines.push(`  Files from ${source}`);
    for (const entry of group) {
      const mark = entry.name === recommended.name ? '> ' : '  ';
      lines.push(
        `${mark}${entry.name.padEnd(nameWidth)}${formatBytes(entry.sizeBytes).padStart(9)}  ${entry.note}`,
      );
    }
  }
  lines.push('', 'Download with "dictation models download <name>".');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function installedLines(model: InstalledModel, width: number): string[] {
  const facts = [
    ...(model.family ? [SPEECH_FAMILY_LABEL[model.family] + (model.type ? ` ${model.type}` : '')] : []),
    ...(model.capabilities ? describeCapabilities(model.capabilities) : []),
  ];
  const lines = [
    `${model.active ? '* ' : '  '}${model.name.padEnd(width)}${formatBytes(model.sizeBytes).padStart(9)}  ` +
      `${facts.join(', ')}${model.active ? '  (active)' : ''}`,
  ];
  if (model.damaged) {
    lines.push(
      `    damaged: ${model.damaged}; download it again ("dictation models download ` +
        `${model.catalogName ?? model.name} --force") or remove it`,
    );
  }
  return lines;
}

/** Catalog entries in order, in runs that share a licence and attribution (Whisper's, Parakeet's). */
function groupByLicence(catalog: readonly CatalogEntry[]): CatalogEntry[][] {
  const groups: CatalogEntry[][] = [];
  for (const entry of catalog) {
    const last = groups.at(-1);
    if (last && last[0]!.licence.attribution === entry.licence.attribution) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

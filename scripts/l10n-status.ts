// Lists English templates that lack Spanish text and Spanish entries whose template is gone;
// with --prune, removes the stale entries. Run: npx tsx scripts/l10n-status.ts [--prune]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, allTemplates } from '../test/helpers/l10nTemplates';

const file = join(ROOT, 'l10n', 'bundle.l10n.es.json');
const spanish: Record<string, string> = JSON.parse(readFileSync(file, 'utf8'));
const templates = allTemplates();
const missing = [...templates].filter((t) => !(t in spanish));
const stale = Object.keys(spanish).filter((k) => !templates.has(k));
console.log(JSON.stringify({ missing, stale }, null, 1));
if (process.argv.includes('--prune') && stale.length) {
  for (const key of stale) delete spanish[key];
  writeFileSync(file, JSON.stringify(spanish, null, 2) + '\n');
  console.error(`removed ${stale.length} stale entries`);
}

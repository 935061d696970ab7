/**
 * docs/config.md is generated from the config schema (`npm run config:docs`): regenerating it
 * in memory must give the committed file, so that a changed field, default or description
 * cannot leave the reference stale.
 */
import { readFileSync } from 'node:fs';
import { CONFIG_DOCS_PATH, renderConfigDocs } from '../../tools/config-docs';

describe('docs/config.md', () => {
  it('is what `npm run config:docs` generates from lib/config/schema.ts', () => {
    const committed = readFileSync(CONFIG_DOCS_PATH, 'utf8');
    const generated = renderConfigDocs();
    const state =
      generated === committed
        ? 'up to date'
        : 'docs/config.md is stale: run `npm run config:docs` and commit the result';
    expect(state).toBe('up to date');
  });

  it('shows each default the schema applies, once per field', () => {
    const markdown = renderConfigDocs();
    expect(markdown).toMatch(/^\| `raid\.floodFactor` +\| number +\| `10` +\| ≥ 1\.5, ≤ 1000 +\|/m);
    expect(markdown).toMatch(/^\| `budget\.day` +\| number +\| `40` +\|/m);
    expect(markdown).toMatch(/^\| `budget` +\| object +\| its fields' defaults +\|/m);
  });
});

// Loads a Decap CMS configuration the way the CMS does (YAML, then decap-cms-core's own
// validateConfig, with the schemas of the widgets the configuration uses registered as the CMS
// registers them) and prints every error. Exit code 0 when the configuration is valid.
//
//   node tests/cms/check-config.mjs static/admin/config.yml
//
// decap-cms-core ships its modules without file extensions, which Node does not resolve, so the
// validator is bundled with esbuild first (into a temporary file).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node check-config.mjs CONFIG.yml');
  process.exit(2);
}

const withSchema = ['datetime', 'image', 'list', 'markdown', 'number', 'object', 'relation', 'select'];
const plain = ['string', 'text', 'boolean', 'hidden'];
const entry = `
import { validateConfig } from 'decap-cms-core/dist/esm/constants/configSchema';
import { registerWidget } from 'decap-cms-core/dist/esm/lib/registry';
${withSchema.map((w) => `import ${w} from 'decap-cms-widget-${w}/dist/esm/schema';`).join('\n')}
const control = () => null;
${withSchema.map((w) => `registerWidget('${w}', control, null, ${w});`).join('\n')}
${plain.map((w) => `registerWidget('${w}', control, null, {});`).join('\n')}
module.exports = { validateConfig };
`;
const bundled = await build({
  stdin: { contents: entry, resolveDir: here, loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'error',
  plugins: [
    {
      // The CMS's router needs a browser's location when loaded; validation never navigates.
      name: 'no-browser-history',
      setup(build) {
        build.onResolve({ filter: /^history$/ }, () => ({ path: 'history', namespace: 'stub' }));
        build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: 'export const createHashHistory = () => ({ push() {}, replace() {}, listen() {} });',
          loader: 'js',
        }));
      },
    },
  ],
});
const dir = mkdtempSync(join(tmpdir(), 'decap-validate-'));
const path = join(dir, 'validate.cjs');
writeFileSync(path, bundled.outputFiles[0].text);
// Some bundled libraries are UMD builds that look for `window` when loaded.
globalThis.window ??= globalThis;
let validateConfig;
try {
  ({ validateConfig } = createRequire(import.meta.url)(path));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const config = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1, prettyErrors: true, merge: true });
try {
  validateConfig(config);
} catch (error) {
  console.error(`${file}: invalid Decap CMS configuration:\n${error.message}`);
  process.exit(1);
}
const collections = config.collections.map((c) => ({
  name: c.name,
  format: c.format,
  fields: c.fields.map((f) => ({ name: f.name, widget: f.widget, required: f.required !== false })),
}));
console.log(JSON.stringify({ valid: true, media_folder: config.media_folder, collections }));

// Builds the Apps Script project into dist/:
//   dist/Code.js         one bundle; a top-level `function` per entry point (Apps Script only sees those)
//   dist/appsscript.json the manifest
//   dist/<Page>.html     one self-contained page per folder in src/ui/pages/
// gas-entry-generator (the engine of gas-webpack-plugin) writes the top-level stubs, so no webpack is needed.
import { build, transform } from 'esbuild';
import { generate } from 'gas-entry-generator';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
const BUNDLE_GLOBAL = '__backorderDesk';

/** Writes through a temporary file so a reader never sees half a file. */
function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function buildServer() {
  const common = {
    entryPoints: [join(root, 'src/main.ts')],
    bundle: true,
    write: false,
    target: 'es2020',
    platform: 'neutral',
    tsconfig: join(root, 'src/tsconfig.json'),
    legalComments: 'none',
    charset: 'utf8',
  };
  // The entry points are src/main.ts's own exports, read from main.ts alone (types stripped) rather than
  // from a bundle, where esbuild renames a binding that clashes with a library's (`export { lookup2 as lookup }`).
  const mainSource = readFileSync(join(root, 'src/main.ts'), 'utf8');
  const esmForGas = (await transform(mainSource, { loader: 'ts', format: 'esm', target: 'es2020' })).code;
  const gas = generate(esmForGas, {
    comment: false,
    autoGlobalExports: true,
    exportsIdentifierName: BUNDLE_GLOBAL,
    globalIdentifierName: 'globalThis',
  });
  // An IIFE whose exports object becomes one global; the stubs are then replaced by the real functions.
  const iife = await build({ ...common, format: 'iife', globalName: BUNDLE_GLOBAL });
  const code = [
    '// Backorder Desk: built by build.mjs from src/. Do not edit.',
    gas.entryPointFunctions.trim(),
    iife.outputFiles[0].text.trim(),
    (gas.globalAssignments ?? '').trim(),
    '',
  ].join('\n');
  if (/^\s*(import|export)\s/m.test(code)) throw new Error('dist/Code.js still contains import/export');
  writeAtomic(join(dist, 'Code.js'), code);
  const names = [...gas.entryPointFunctions.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]);
  return names;
}

async function buildPages() {
  const pagesDir = join(root, 'src/ui/pages');
  if (!existsSync(pagesDir)) return [];
  const commonCssPath = join(root, 'src/ui/common.css');
  const commonCss = existsSync(commonCssPath) ? readFileSync(commonCssPath, 'utf8') : '';
  const pages = readdirSync(pagesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const page of pages) {
    const dir = join(pagesDir, page);
    const entry = ['main.tsx', 'main.ts'].map((f) => join(dir, f)).find(existsSync);
    if (!entry) throw new Error(`src/ui/pages/${page} has no main.tsx`);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2019',
      platform: 'browser',
      minify: true,
      tsconfig: join(root, 'src/ui/tsconfig.json'),
      jsx: 'automatic',
      jsxImportSource: 'preact',
      legalComments: 'none',
      charset: 'utf8',
    });
    const js = out.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
    const cssPath = join(dir, 'style.css');
    const css = (commonCss + (existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '')).replace(/<\/style/gi, '<\\/style');
    const titleMatch = existsSync(join(dir, 'title.txt')) ? readFileSync(join(dir, 'title.txt'), 'utf8').trim() : page;
    const html = `<!DOCTYPE html>
<html lang="en">
<head>
<base target="_top">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${titleMatch}</title>
<style>${css}</style>
</head>
<body>
<div id="app"></div>
<script>${js}</script>
</body>
</html>
`;
    writeAtomic(join(dist, `${page}.html`), html);
  }
  return pages;
}

export async function buildAll() {
  mkdirSync(dist, { recursive: true });
  for (const f of readdirSync(dist)) {
    if (!f.endsWith('.tmp')) continue;
    rmSync(join(dist, f), { force: true });
  }
  const [functions, pages] = await Promise.all([buildServer(), buildPages()]);
  const manifest = readFileSync(join(root, 'appsscript.json'), 'utf8');
  JSON.parse(manifest);
  writeAtomic(join(dist, 'appsscript.json'), manifest);
  // Remove pages that no longer exist in src/ui/pages.
  for (const f of readdirSync(dist)) {
    if (f.endsWith('.html') && !pages.includes(f.slice(0, -5))) rmSync(join(dist, f));
  }
  return { functions, pages };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { functions, pages } = await buildAll();
  console.log(`dist/Code.js: ${functions.length} entry points (${functions.join(', ')})`);
  console.log(`dist pages: ${pages.map((p) => p + '.html').join(', ') || 'none'}`);
}

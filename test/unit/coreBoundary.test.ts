/**
 * `npm run lint` keeps src/core pure: a core file that imports the sheet, the Apps Script edge, a job or
 * an engine fails the lint, with the reason. Checked with the project's own eslint configuration.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the project's eslint on `code` as if it were `file` (as `npm run lint` would), returning its messages. */
async function problems(code: string, file: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('src/core imports nothing from the edge', () => {
  test.each([
    "import { Table } from '../sheet/table';",
    "import type { Services } from '../gas/services';",
    "import { runDailyNoticesJob } from '../engines/dailyRun';",
    "import { reportFailure } from '../engines/failures';",
    "import { buildMenu } from '../jobs/menu';",
  ])('%s in src/core fails the lint', async (line) => {
    const found = await problems(`${line}\nexport const x = 1;\n`, 'src/core/example.ts');
    expect(found.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([expect.stringMatching(/src\/core is pure/)]);
  });

  test('core and shared imports are fine, and the same import outside core is fine', async () => {
    expect(await problems("import { addDays } from './dates';\nimport type { LookupResult } from '../shared/lookupTypes';\nexport const x = [addDays, null as unknown as LookupResult];\n", 'src/core/example.ts')).toEqual([]);
    expect(await problems("import { Table } from '../sheet/table';\nexport const x = Table;\n", 'src/jobs/example.ts')).toEqual([]);
  });
});

describe('arrows point down: jobs -> engines -> sheet, gas -> core', () => {
  test('a job importing another job fails the lint, with the reason', async () => {
    const found = await problems("import { buildMenu } from './menu';\nexport const x = buildMenu;\n", 'src/jobs/example.ts');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*A job does not import another job/)]);
  });

  test.each(['src/engines/example.ts', 'src/sheet/example.ts', 'src/gas/example.ts'])('%s importing a job fails the lint', async (file) => {
    const found = await problems("import { buildMenu } from '../jobs/menu';\nexport const x = buildMenu;\n", file);
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*never import a job/)]);
  });

  test('a job importing an engine is fine', async () => {
    expect(await problems("import { runDailyNoticesJob } from '../engines/dailyRun';\nexport const x = runDailyNoticesJob;\n", 'src/jobs/example.ts')).toEqual([]);
  });
});

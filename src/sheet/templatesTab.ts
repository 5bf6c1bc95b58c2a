/**
 * The Templates tab (`Kind` · `Subject` · `Body`) as custom templates by kind. A row with a blank subject or
 * body is not a template (the default is used); the first row of a kind wins.
 */
import type { Template } from '../core/templates';
import { TAB } from './schema';
import type { Workbook } from './workbook';

/** Custom templates by lower-case kind (read once through the workbook). */
export function readTemplates(wb: Workbook): Map<string, Template> {
  const t = wb.table(TAB.templates);
  const out = new Map<string, Template>();
  t.rows.forEach((_r, i) => {
    const kind = String(t.get(i, 'Kind')).trim().toLowerCase();
    const subject = String(t.get(i, 'Subject')).trim();
    const body = String(t.get(i, 'Body'));
    if (kind !== '' && subject !== '' && body.trim() !== '' && !out.has(kind)) out.set(kind, { subject, body });
  });
  return out;
}

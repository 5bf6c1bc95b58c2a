/** HtmlService: pages from the built dist/*.html, templates with <?= ?>, <?!= ?> and <? ?> scriptlets. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { service, strictEnum } from '../support';
import type { Host } from './host';

export const SandboxMode = strictEnum('HtmlService.SandboxMode', { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
export const XFrameOptionsMode = strictEnum('HtmlService.XFrameOptionsMode', { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export class HtmlOutput {
  private title = '';
  private width?: number;
  private height?: number;
  private sandbox = 'IFRAME';
  private xframe = 'DEFAULT';
  private favicon: string | null = null;
  private readonly meta: Array<{ name: string; content: string }> = [];

  constructor(private content: string) {}

  getContent(): string {
    return this.content;
  }
  setContent(content: string): this {
    this.content = String(content ?? '');
    return this;
  }
  append(addedContent: string): this {
    this.content += String(addedContent ?? '');
    return this;
  }
  appendUntrusted(addedContent: string): this {
    this.content += escapeHtml(addedContent);
    return this;
  }
  clear(): this {
    this.content = '';
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): this {
    this.title = String(title ?? '');
    return this;
  }
  getWidth(): number | undefined {
    return this.width;
  }
  setWidth(width: number): this {
    this.width = Number(width);
    return this;
  }
  getHeight(): number | undefined {
    return this.height;
  }
  setHeight(height: number): this {
    this.height = Number(height);
    return this;
  }
  setSandboxMode(mode: string): this {
    this.sandbox = String(mode);
    return this;
  }
  setXFrameOptionsMode(mode: string): this {
    this.xframe = String(mode);
    return this;
  }
  addMetaTag(name: string, content: string): this {
    this.meta.push({ name: String(name), content: String(content) });
    return this;
  }
  getMetaTags(): Array<{ getName(): string; getContent(): string }> {
    return this.meta.map((m) => ({ getName: () => m.name, getContent: () => m.content }));
  }
  setFaviconUrl(url: string): this {
    this.favicon = String(url);
    return this;
  }
  getFaviconUrl(): string | null {
    return this.favicon;
  }
}

/** The HtmlOutput behind a script-visible (counted) one, so Ui can read it without counting calls. */
export const htmlOutputs = new WeakMap<object, HtmlOutput>();

/**
 * `<?= ?>` inside a <script> element: a JavaScript literal (JSON, with `<`, `>`, `&` and line separators
 * escaped so the value cannot end the script element), as Apps Script's contextual escaping does.
 */
export function escapeJs(v: unknown): string {
  if (v === undefined) return 'undefined';
  const json = JSON.stringify(v) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** True when position `at` of an HTML text lies inside a <script> element. */
function insideScript(text: string, at: number): boolean {
  const before = text.slice(0, at).toLowerCase();
  return before.lastIndexOf('<script') > before.lastIndexOf('</script');
}

/** Turns a template into the source of a function (run inside the script's context) that returns the HTML. */
export function compileTemplate(text: string): string {
  let code = 'var __out = [];\n';
  const re = /<\?(!?=)?([\s\S]*?)\?>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    code += `__out.push(${JSON.stringify(text.slice(last, m.index))});\n`;
    if (m[1] === '=') code += `__out.push(${insideScript(text, m.index) ? '__escapeJs' : '__escape'}(${m[2]}));\n`;
    else if (m[1] === '!=') code += `__out.push(String((${m[2]}) == null ? '' : (${m[2]})));\n`;
    else code += `${m[2]}\n`;
    last = re.lastIndex;
  }
  code += `__out.push(${JSON.stringify(text.slice(last))});\nreturn __out.join('');`;
  return `(function (__data, __escape, __escapeJs) { with (__data) { return (function () {\n${code}\n}).call(this); } })`;
}

export interface HtmlDeps {
  htmlDir: string;
  /** Evaluates JavaScript source in the script's own context. */
  evalInScript(source: string): unknown;
}

export function createHtmlService(host: Host, deps: HtmlDeps): GoogleAppsScript.HTML.HtmlService {
  const output = (html: string) => {
    const real = new HtmlOutput(html);
    const wrapped = service('HtmlOutput', real, host.count);
    htmlOutputs.set(wrapped, real);
    return wrapped;
  };
  const readFile = (name: string): string => {
    const base = String(name).replace(/\.html$/, '');
    const path = join(deps.htmlDir, `${base}.html`);
    if (!/^[\w.\- /]+$/.test(base) || base.includes('..') || !existsSync(path)) throw new Error(`No HTML file named ${base} was found.`);
    return readFileSync(path, 'utf8');
  };
  const template = (text: string) => {
    const t: Record<string, unknown> = {
      evaluate() {
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(t)) if (!['evaluate', 'getRawContent', 'getCode'].includes(k)) data[k] = v;
        const fn = deps.evalInScript(compileTemplate(text)) as (d: Record<string, unknown>, e: typeof escapeHtml, j: typeof escapeJs) => string;
        return output(fn(data, escapeHtml, escapeJs));
      },
      getRawContent: () => text,
      getCode: () => compileTemplate(text),
    };
    return new Proxy(t, {
      get(obj, prop) {
        if (prop === 'evaluate' || prop === 'getRawContent' || prop === 'getCode') {
          return (...args: unknown[]) => {
            host.count(`HtmlTemplate.${String(prop)}`);
            return (obj[prop] as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(obj, prop);
      },
    });
  };
  return service(
    'HtmlService',
    {
      SandboxMode,
      XFrameOptionsMode,
      createHtmlOutput: (html?: string) => output(html === undefined ? '' : String(html)),
      createHtmlOutputFromFile: (name: string) => output(readFile(name)),
      createTemplate: (html: string) => template(String(html ?? '')),
      createTemplateFromFile: (name: string) => template(readFile(name)),
    },
    host.count,
  ) as unknown as GoogleAppsScript.HTML.HtmlService;
}

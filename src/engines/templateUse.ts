/**
 * The shop's templates as one run uses them: each kind's own text from the Templates tab when it can be used,
 * else the default (src/core/templates.ts `renderKind`). A kind whose text could not be used gets one Notice
 * log row per run saying why and how many emails went out with the default instead.
 */
import { defaultTemplate, renderKind, type ChosenEmail, type Template, type TemplateData } from '../core/templates';
import type { Workbook } from '../sheet/workbook';
import { readTemplates } from '../sheet/templatesTab';
import type { Sender } from './sending';

export class TemplateUse {
  private readonly byKind: ReadonlyMap<string, Template>;
  private readonly rejected = new Map<string, { why: string; count: number }>();

  /** `noun`: what the emails are called in the Notice log row ("notice", "email"). */
  constructor(
    wb: Workbook,
    private readonly noun = 'email',
  ) {
    this.byKind = readTemplates(wb);
  }

  /** The shop's text for a kind, if the Templates tab has one. */
  custom(kind: string): Template | undefined {
    return this.byKind.get(kind.toLowerCase());
  }

  /** The kind's email from the shop's text, or the default (`fallback`, else the kind's default). */
  render(kind: string, data: TemplateData, fallback: Template = defaultTemplate(kind)!): ChosenEmail {
    return this.noted(kind, renderKind(kind, this.custom(kind), fallback, data));
  }

  /** Remembers why the shop's text was not used (`chosen.refused`), and returns `chosen`. */
  noted(kind: string, chosen: ChosenEmail): ChosenEmail {
    if (chosen.refused) {
      const r = this.rejected.get(kind);
      if (r) r.count++;
      else this.rejected.set(kind, { why: chosen.refused, count: 1 });
    }
    return chosen;
  }

  /** One Notice log row (and run-log line) per kind whose text was not used this run. */
  report(sender: Sender, messages: string[]): void {
    for (const [kind, r] of this.rejected) {
      const detail = `Templates › ${kind}: ${r.why}; the default text was used instead (${r.count} ${this.noun}${r.count === 1 ? '' : 's'} this run). Fix the template to use it again.`;
      sender.skip({ orderId: '', email: '', kind, skus: '', detail });
      messages.push(detail);
    }
  }
}

/** The add-on's sidebar and dialog: its real built pages, in sandboxed frames as HtmlService shows them. */
import type { PanelJson } from '../api';

/** The add-on's pages run sandboxed, as HtmlService pages do: scripts yes, same origin no. */
const PAGE_SANDBOX = 'allow-scripts allow-forms allow-modals allow-popups allow-downloads';

export function Sidebar(props: { panel: PanelJson; onClose: () => void }) {
  return (
    <aside class="sidebar" aria-label={props.panel.title}>
      <div class="panel-head">
        <span class="panel-title">{props.panel.title}</span>
        <button type="button" class="link" aria-label="Close sidebar" onClick={props.onClose}>
          ×
        </button>
      </div>
      <iframe key={props.panel.url} data-panel="sidebar" title={props.panel.title} src={props.panel.url} sandbox={PAGE_SANDBOX} />
    </aside>
  );
}

export function Dialog(props: { panel: PanelJson; onClose: () => void }) {
  const w = props.panel.width ?? 600;
  const h = props.panel.height ?? 420;
  return (
    <div class="overlay" role="dialog" aria-label={props.panel.title}>
      <div class="dialog" style={{ width: `${w}px` }}>
        <div class="panel-head">
          <span class="panel-title">{props.panel.title}</span>
          <button type="button" class="link" aria-label="Close dialog" onClick={props.onClose}>
            ×
          </button>
        </div>
        <iframe key={props.panel.url} data-panel="dialog" title={props.panel.title} src={props.panel.url} sandbox={PAGE_SANDBOX} style={{ height: `${h}px` }} />
      </div>
    </div>
  );
}

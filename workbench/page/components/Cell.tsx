/** One grid cell: its text and the add-on's colours, or its editor; keys and pastes as Sheets handles them. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CellJson } from '../api';

export function Cell(props: {
  cell: CellJson;
  a1: string;
  header: boolean;
  selected: boolean;
  editing: string | null;
  onSelect: () => void;
  onStartEdit: (typed?: string) => void;
  onClear: () => void;
  onMove: (key: string) => void;
  onPaste: (text: string) => void;
  onChange: (v: string) => void;
  onCommit: () => void;
  onCancel: () => void;
}) {
  const { cell } = props;
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const el = input.current;
    if (props.editing !== null && el) {
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    }
  }, [props.editing !== null]);
  const style: Record<string, string> = {};
  if (cell.bg) style.backgroundColor = cell.bg;
  if (cell.fg) style.color = cell.fg;
  if (cell.bold) style.fontWeight = '600';
  const cls = ['cell', cell.type, props.header ? 'header' : '', props.selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <td
      class={cls}
      style={style}
      data-cell={props.a1}
      data-type={cell.type}
      tabIndex={0}
      onClick={props.onSelect}
      onDblClick={() => props.onStartEdit()}
      onKeyDown={(ev) => {
        // Only keys on the cell itself (not the Enter that committed its editor) start an edit.
        if (ev.target !== ev.currentTarget) return;
        const printable = ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
        if (props.editing !== null) {
          // The editor is on screen but not focused yet: the key belongs to it.
          if (printable) {
            ev.preventDefault();
            props.onStartEdit(ev.key);
          }
          return;
        }
        if (ev.key === 'Enter' || ev.key === 'F2') {
          ev.preventDefault();
          props.onStartEdit();
        } else if (printable) {
          // Typing on a selected cell replaces its content, as in Sheets.
          ev.preventDefault();
          props.onStartEdit(ev.key);
        } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
          ev.preventDefault();
          props.onClear();
        } else if (ev.key.startsWith('Arrow')) {
          ev.preventDefault();
          props.onMove(ev.key);
        }
      }}
      onPaste={(ev) => {
        if (props.editing !== null) return;
        const text = ev.clipboardData?.getData('text/plain') ?? '';
        if (text === '') return;
        ev.preventDefault();
        props.onPaste(text);
      }}
    >
      {props.editing !== null ? (
        <input
          ref={input}
          class="editor"
          value={props.editing}
          aria-label={`Edit ${props.a1}`}
          onInput={(ev) => props.onChange((ev.target as HTMLInputElement).value)}
          onKeyDown={(ev) => {
            ev.stopPropagation();
            if (ev.key === 'Enter') {
              ev.preventDefault();
              props.onCommit();
            } else if (ev.key === 'Escape') {
              ev.preventDefault();
              props.onCancel();
            }
          }}
          onBlur={props.onCommit}
        />
      ) : (
        <span class="text">{cell.text}</span>
      )}
    </td>
  );
}

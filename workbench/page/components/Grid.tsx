/**
 * The sheet as a grid: column letters (the emulator's own), row numbers, one Cell each. Keeps the selection and the
 * edit in progress; an edit or a paste goes to the server as typed text (the emulator types it as Sheets does).
 */
import { useRef, useState } from 'preact/hooks';
import { columnToLetters as columnLetters } from '../../../emulator/spreadsheet/a1';
import type { ActionResult, StateJson } from '../api';
import { Cell } from './Cell';

/** What a paste holds, as cells: rows by line, columns by tab (what Sheets and spreadsheets put on the clipboard). */
function pastedCells(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const rows = lines.map((l) => l.split('\t'));
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

export function Grid(props: {
  sheet: NonNullable<StateJson['sheet']>;
  onEdit: (row: number, col: number, value: string) => Promise<ActionResult>;
  onPaste: (row: number, col: number, values: string[][]) => Promise<ActionResult>;
}) {
  const { sheet } = props;
  const [editing, setEditingState] = useState<{ row: number; col: number; value: string } | null>(null);
  // The edit in progress, read synchronously: Enter and the blur that follows must commit once.
  const editingRef = useRef<{ row: number; col: number; value: string } | null>(null);
  const setEditing = (e: { row: number; col: number; value: string } | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const [selected, setSelected] = useState<{ row: number; col: number } | null>(null);
  const commit = async () => {
    const e = editingRef.current;
    if (!e) return;
    setEditing(null);
    const original = sheet.rows[e.row - 1]?.[e.col - 1]?.edit ?? '';
    if (e.value !== original) await props.onEdit(e.row, e.col, e.value);
  };
  const width = Math.max(sheet.width, 1);
  const startEdit = (row: number, col: number, typed?: string) => {
    const cur = editingRef.current;
    // Keys typed quickly can arrive before the editor is on screen: they add to the edit already started.
    if (cur && cur.row === row && cur.col === col) {
      if (typed !== undefined) setEditing({ ...cur, value: cur.value + typed });
      return;
    }
    setEditing({ row, col, value: typed ?? sheet.rows[row - 1]?.[col - 1]?.edit ?? '' });
  };
  const move = (from: { row: number; col: number }, key: string) => {
    const row = Math.min(Math.max(from.row + (key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0), 1), sheet.rows.length);
    const col = Math.min(Math.max(from.col + (key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0), 1), width);
    setSelected({ row, col });
    document.querySelector<HTMLElement>(`td[data-cell="${columnLetters(col)}${row}"]`)?.focus();
  };
  return (
    <div class="grid-wrap">
      <table class="grid" data-sheet={sheet.name} data-editing={editing ? `${editing.row},${editing.col}` : ""}>
        <thead>
          <tr>
            <th class="corner" />
            {Array.from({ length: width }, (_, c) => (
              <th key={c} scope="col">
                {columnLetters(c + 1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((row, r) => (
            <tr key={r}>
              <th scope="row">{r + 1}</th>
              {row.map((cell, c) => {
                const here = { row: r + 1, col: c + 1 };
                const isEditing = editing && editing.row === here.row && editing.col === here.col;
                const isSelected = selected && selected.row === here.row && selected.col === here.col;
                return (
                  <Cell
                    key={c}
                    cell={cell}
                    a1={`${columnLetters(here.col)}${here.row}`}
                    header={r === 0}
                    selected={!!isSelected}
                    editing={isEditing ? editing.value : null}
                    onSelect={() => setSelected(here)}
                    onStartEdit={(typed) => startEdit(here.row, here.col, typed)}
                    onClear={() => {
                      if ((sheet.rows[here.row - 1]?.[here.col - 1]?.edit ?? '') !== '') void props.onEdit(here.row, here.col, '');
                    }}
                    onMove={(key) => move(here, key)}
                    onPaste={(text) => void props.onPaste(here.row, here.col, pastedCells(text))}
                    onChange={(value) => setEditing({ ...here, value })}
                    onCommit={() => void commit()}
                    onCancel={() => setEditing(null)}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {sheet.totalRows > sheet.rows.length && (
        <p class="more">
          Showing the first {sheet.rows.length} of {sheet.totalRows} rows.
        </p>
      )}
    </div>
  );
}

/** The workbook's sheet tabs under the grid; picking one shows that sheet. */
export function SheetTabs(props: { sheets: string[]; current: string | null; onPick: (name: string) => void }) {
  return (
    <div class="tabs" role="tablist">
      {props.sheets.map((name) => (
        <button
          type="button"
          role="tab"
          key={name}
          class={name === props.current ? 'tab active' : 'tab'}
          aria-selected={name === props.current}
          onClick={() => props.onPick(name)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}

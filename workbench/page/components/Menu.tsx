/** The add-on's menu in the menu bar: one title, its items and submenus; closes on a pick, Escape or a click outside. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MenuItem } from '../api';

export function Menu(props: { title: string; items: MenuItem[]; onPick: (label: string) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (ev: MouseEvent) => {
      if (ref.current && !ref.current.contains(ev.target as Node)) setOpen(false);
    };
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const renderItems = (items: MenuItem[]) =>
    items.map((item, i) =>
      item === 'separator' ? (
        <li key={`sep${i}`} class="separator" role="separator" />
      ) : item.submenu ? (
        <li key={item.label} class="submenu">
          <span>{item.label} ▸</span>
          <ul>{renderItems(item.submenu)}</ul>
        </li>
      ) : (
        <li key={item.label}>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              props.onPick(item.label);
            }}
          >
            {item.label}
          </button>
        </li>
      ),
    );
  return (
    <div
      class="menu"
      ref={ref}
      onKeyDown={(ev) => {
        if (ev.key === 'Escape') setOpen(false);
      }}
    >
      <button type="button" class={open ? 'menu-title open' : 'menu-title'} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {props.title}
      </button>
      {open && (
        <ul class="menu-items" role="menu">
          {renderItems(props.items)}
        </ul>
      )}
    </div>
  );
}

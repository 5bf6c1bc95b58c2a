/** Colours as Sheets reports them: lowercase #rrggbb. */
const NAMED: Record<string, string> = {
  black: '#000000', white: '#ffffff', red: '#ff0000', green: '#008000', lime: '#00ff00', blue: '#0000ff',
  yellow: '#ffff00', orange: '#ffa500', gray: '#808080', grey: '#808080', silver: '#c0c0c0', purple: '#800080',
  pink: '#ffc0cb', cyan: '#00ffff', magenta: '#ff00ff', brown: '#a52a2a', navy: '#000080', teal: '#008080',
  maroon: '#800000', olive: '#808000', lightgray: '#d3d3d3', lightgrey: '#d3d3d3', darkgray: '#a9a9a9',
  darkgrey: '#a9a9a9', lightgreen: '#90ee90', darkgreen: '#006400', lightblue: '#add8e6', darkred: '#8b0000',
  gold: '#ffd700', lightyellow: '#ffffe0',
};

/** Normalises a CSS colour to #rrggbb; null/"" mean "no colour"; unknown text is an error, as in Sheets. */
export function normalizeColor(color: unknown): string | null {
  if (color === null || color === undefined || color === '') return null;
  const t = String(color).trim().toLowerCase();
  if (NAMED[t]) return NAMED[t];
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(t);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`;
  m = /^#([0-9a-f]{6})$/.exec(t);
  if (m) return t;
  m = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(t);
  if (m) return '#' + [m[1], m[2], m[3]].map((x) => Math.min(255, Number(x)).toString(16).padStart(2, '0')).join('');
  throw new Error(`Invalid color: ${String(color)}`);
}

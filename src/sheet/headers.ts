/**
 * Near matches of the contract's names: a header or tab someone renamed a little ("E-mail", "Order #",
 * "email ", "Qty.", "inventory"). Set-up renames such a column or tab back instead of adding an empty twin beside
 * it (a twin leaves every row without the value and loses every customer's notice).
 */

/** Names people give the same column: compared after `nameKey`. */
const ALIASES: Readonly<Record<string, string>> = {
  emailaddress: 'email',
  mail: 'email',
  orderno: 'orderid',
  ordernumber: 'orderid',
  order: 'orderid',
  quantity: 'qty',
  customername: 'customer',
  qtyshipped: 'shipped',
};

/** How two names are compared: lower case, letters and digits only ("#" reads as "id"), then the aliases above. */
export function nameKey(name: string): string {
  const k = String(name).toLowerCase().replace(/#/g, 'id').replace(/[^a-z0-9]/g, '');
  return ALIASES[k] ?? k;
}

export interface HeaderRepair {
  /** Zero-based column of the renamed header. */
  column: number;
  from: string;
  to: string;
}

/**
 * For each wanted header missing from `header`: the one present header (not itself a wanted one) that is a near
 * match. `ambiguous` lists wanted headers with more than one near match (nothing is renamed for them).
 */
export function nearHeaders(header: readonly unknown[], wanted: readonly string[]): { repairs: HeaderRepair[]; ambiguous: Array<{ to: string; from: string[] }> } {
  const present = header.map((h) => String(h ?? '').trim());
  const exact = new Set(present);
  const wantedSet = new Set(wanted);
  const repairs: HeaderRepair[] = [];
  const ambiguous: Array<{ to: string; from: string[] }> = [];
  const taken = new Set<number>();
  for (const to of wanted) {
    if (exact.has(to)) continue;
    const key = nameKey(to);
    const candidates = present.map((h, i) => ({ h, i })).filter(({ h, i }) => h !== '' && !wantedSet.has(h) && !taken.has(i) && nameKey(h) === key);
    if (candidates.length === 1) {
      taken.add(candidates[0].i);
      repairs.push({ column: candidates[0].i, from: candidates[0].h, to });
    } else if (candidates.length > 1) {
      ambiguous.push({ to, from: candidates.map((c) => c.h) });
    }
  }
  return { repairs, ambiguous };
}

/**
 * Who is acting, for the Activity log: the signed-in person's address, else the address the script runs
 * as, else a description (Apps Script hides addresses across some domains; that is never an error).
 */
import { normalizeEmail } from '../core/model';

export const HIDDEN_PERSON = 'someone (address hidden)';

export function actingUser(): string {
  const read = (f: () => string): string => {
    try {
      return normalizeEmail(f());
    } catch {
      return '';
    }
  };
  return read(() => Session.getActiveUser().getEmail()) || read(() => Session.getEffectiveUser().getEmail()) || HIDDEN_PERSON;
}

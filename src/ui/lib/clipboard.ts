/**
 * Copies text: the async Clipboard API first, then the fallback that works inside Apps Script's
 * sandboxed iframe where the API may be blocked: select a textarea and `document.execCommand('copy')`.
 */
export async function copyText(text: string, fallbackArea?: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Blocked by the iframe's permissions: fall through to the selection fallback.
  }
  const area = fallbackArea ?? document.createElement('textarea');
  const temporary = !fallbackArea;
  if (temporary) {
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
  }
  try {
    area.focus();
    area.select();
    area.setSelectionRange(0, area.value.length);
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    if (temporary) area.remove();
  }
}

/**
 * Copy text to the clipboard without `navigator.clipboard`, which the desktop permission
 * policy denies: a hidden textarea, select, `execCommand('copy')`. Returns false when the
 * browser refused too (the caller then shows the text selected for a manual copy).
 */
export function copyText(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  document.body.appendChild(area);
  const focused = document.activeElement as HTMLElement | null;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  focused?.focus();
  return ok;
}

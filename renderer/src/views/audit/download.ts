/**
 * Save text as a file from the page: a Blob behind an object URL and a temporary <a download>.
 * Works the same in the Electron window and in a browser on `cachescope serve`; the URL is
 * revoked on the next tick, after the click has started the download.
 */
export function downloadText(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

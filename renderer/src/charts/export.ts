import type { ChartTheme } from './palette';

/** A file name safe on every OS: letters, digits, dot, dash, underscore. */
export function safeFileName(...parts: string[]): string {
  return parts
    .map((p) => p.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((p) => p !== '')
    .join('-');
}

/** A compact local timestamp for file names: 20250131-140307. */
export function fileStamp(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Save a blob through the browser's download (desktop: Electron's save dialog). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    img.src = url;
  });
}

/**
 * The chart as a PNG: its SVG serialised (colours are real values, not CSS variables, so it
 * renders standalone), drawn on a canvas at 2× under a title line, on the theme background.
 */
export async function chartPng(svg: SVGSVGElement, options: { title: string; subtitle: string; theme: ChartTheme }): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // Text inherits its font from the page; a standalone image has no page.
  clone.setAttribute('style', 'font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif');
  const xml = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml' }));
  try {
    const img = await loadImage(url);
    const scale = 2;
    const header = 40;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil((height + header) * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas available to draw the chart.');
    ctx.scale(scale, scale);
    ctx.fillStyle = options.theme.background;
    ctx.fillRect(0, 0, width, height + header);
    ctx.fillStyle = options.theme.text;
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(options.title, 12, 18);
    ctx.fillStyle = options.theme.muted;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(options.subtitle, 12, 33);
    ctx.drawImage(img, 0, header, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

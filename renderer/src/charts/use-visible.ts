import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element is on screen (or within `margin` of it). Charts scrolled out of view
 * skip their redraws and catch up when they come back: a poll then costs only what is seen.
 */
export function useVisible(ref: RefObject<Element | null>, margin = '200px'): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), { rootMargin: margin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin]);
  return visible;
}

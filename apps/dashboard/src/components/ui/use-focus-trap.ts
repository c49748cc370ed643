import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Open overlays, innermost last: only the top one reacts to Escape and keeps focus. */
const stack: symbol[] = [];

function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.closest('[inert]') && el.getAttribute('aria-hidden') !== 'true',
  );
}

/**
 * Keeps keyboard focus inside `ref` while mounted: focuses the first field (or `initialFocus`), cycles Tab and
 * Shift+Tab, calls `onEscape` on Escape, and gives focus back to whatever had it before on unmount.
 */
export function useFocusTrap(
  ref: RefObject<HTMLElement | null>,
  { onEscape, initialFocus }: { onEscape: () => void; initialFocus?: RefObject<HTMLElement | null> },
): void {
  const onEscapeRef = useRef(onEscape);
  useEffect(() => {
    onEscapeRef.current = onEscape;
  });

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const token = Symbol('overlay');
    stack.push(token);
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const items = focusables(container);
    const first =
      initialFocus?.current ??
      container.querySelector<HTMLElement>('[data-autofocus]') ??
      items.find((el) => !el.hasAttribute('data-overlay-close')) ??
      items[0] ??
      container;
    first.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (stack[stack.length - 1] !== token) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onEscapeRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables(container);
      if (items.length === 0) {
        event.preventDefault();
        container.focus();
        return;
      }
      const firstItem = items[0];
      const lastItem = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === firstItem || !container.contains(active))) {
        event.preventDefault();
        lastItem.focus();
      } else if (!event.shiftKey && (active === lastItem || !container.contains(active))) {
        event.preventDefault();
        firstItem.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      stack.splice(stack.indexOf(token), 1);
      if (previouslyFocused && previouslyFocused.isConnected) previouslyFocused.focus();
    };
    // initialFocus is read once, when the overlay opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ref]);
}

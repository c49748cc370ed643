import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';
import { cx } from './cx';
import styles from './overlay.module.css';
import { useFocusTrap } from './use-focus-trap';

interface OverlayProps {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  initialFocus?: RefObject<HTMLElement | null>;
}

function OverlayHeader({
  titleId,
  descriptionId,
  title,
  description,
  onClose,
}: { titleId: string; descriptionId: string } & Pick<OverlayProps, 'title' | 'description' | 'onClose'>) {
  return (
    <div className={styles.header}>
      <div>
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className={styles.description}>
            {description}
          </p>
        )}
      </div>
      <Button variant="ghost" size="sm" icon="x" aria-label="Close" data-overlay-close="" onClick={onClose} />
    </div>
  );
}

/** A modal dialog: focus trapped inside, Escape or the backdrop closes it, focus returns to the opener. */
export function Dialog({
  title,
  description,
  onClose,
  children,
  footer,
  initialFocus,
  wide = false,
}: OverlayProps & { wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useFocusTrap(ref, { onEscape: onClose, initialFocus });
  return createPortal(
    <>
      <div className={styles.backdrop} aria-hidden="true" />
      <div
        className={styles.dialogWrap}
        onMouseDown={(event) => event.target === event.currentTarget && onClose()}
      >
        <div
          ref={ref}
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          aria-describedby={description ? descriptionId : undefined}
          tabIndex={-1}
          className={cx(styles.dialog, wide && styles.wide)}
        >
          <OverlayHeader
            titleId={titleId}
            descriptionId={descriptionId}
            title={title}
            description={description}
            onClose={onClose}
          />
          <div className={styles.body}>{children}</div>
          {footer && <div className={styles.footer}>{footer}</div>}
        </div>
      </div>
    </>,
    document.body,
  );
}

/** A side panel over the page (device details, bulk actions), modal like Dialog. */
export function Drawer({
  title,
  description,
  onClose,
  children,
  footer,
  initialFocus,
  narrow = false,
}: OverlayProps & { narrow?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useFocusTrap(ref, { onEscape: onClose, initialFocus });
  return createPortal(
    <>
      <div className={styles.backdrop} aria-hidden="true" onMouseDown={onClose} />
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={cx(styles.drawer, narrow && styles.narrow)}
      >
        <OverlayHeader
          titleId={titleId}
          descriptionId={descriptionId}
          title={title}
          description={description}
          onClose={onClose}
        />
        {/* scrollable from the keyboard too (WCAG 2.1.1): the body takes focus when nothing inside does */}
        <div className={styles.body} tabIndex={0} role="region" aria-labelledby={titleId}>
          {children}
        </div>
        {footer && <div className={styles.footer}>{footer}</div>}
      </div>
    </>,
    document.body,
  );
}

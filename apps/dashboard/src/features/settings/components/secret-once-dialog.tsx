import { useId, useRef, type ReactNode } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { CopyButton } from '../../../components/ui/copy-button';
import { Dialog } from '../../../components/ui/dialog';
import styles from './settings.module.css';

/**
 * Shows a secret the service keeps only as a hash (an API token, a webhook signing secret) the one time it is
 * readable. The caller drops the secret when this closes (Done, Close, Escape or the backdrop): nothing shows it again.
 */
export function SecretOnceDialog({
  title,
  secretLabel,
  secret,
  what,
  children,
  onClose,
}: {
  title: string;
  /** Visible label of the secret's field, e.g. "API token". */
  secretLabel: string;
  secret: string;
  /** The secret in running text, e.g. "this token". */
  what: string;
  children?: ReactNode;
  onClose: () => void;
}) {
  const fieldId = useId();
  const copyRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={title}
      description={`Copy ${what} now: it will not be shown again.`}
      onClose={onClose}
      initialFocus={copyRef}
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className={styles.dialogStack}>
        <Callout tone="warning" title="This is the only time you can see it">
          Cutover stores only a hash of {what}. If it gets lost, replace it with a new one.
        </Callout>
        <div className={styles.secretField}>
          <label className={styles.secretLabel} htmlFor={fieldId}>
            {secretLabel}
          </label>
          <div className={styles.secretBox}>
            <input
              id={fieldId}
              className={styles.secretValue}
              value={secret}
              readOnly
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton ref={copyRef} text={secret} size="sm" variant="primary" label="Copy" />
          </div>
        </div>
        {children}
      </div>
    </Dialog>
  );
}

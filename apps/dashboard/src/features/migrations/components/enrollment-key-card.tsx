import type { Migration } from '@cutover/domain';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Card } from '../../../components/ui/card';
import { CopyButton } from '../../../components/ui/copy-button';
import { Dialog } from '../../../components/ui/dialog';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useRotateEnrollmentKey } from '../api/rotate-enrollment-key';
import styles from './migrations.module.css';

function RotateKeyDialog({ migrationId, onClose }: { migrationId: string; onClose: () => void }) {
  const toast = useToast();
  const rotate = useRotateEnrollmentKey({
    mutationConfig: {
      onSuccess: () => {
        toast({
          tone: 'success',
          title: 'Enrollment key rotated',
          description: 'Use the new key in your installer from now on.',
        });
        onClose();
      },
    },
  });
  return (
    <Dialog
      title="Rotate the enrollment key?"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            icon="rotate"
            loading={rotate.isPending}
            onClick={() => rotate.mutate({ migrationId })}
          >
            Rotate key
          </Button>
        </>
      }
    >
      <div style={{ display: 'grid', gap: 12 }}>
        <p>The current key stops enrolling new PCs at once. PCs that already enrolled keep working.</p>
        <p>Update the key in any installer package or deployment policy that has not run yet.</p>
        {rotate.isError && (
          <Callout tone="danger" role="alert">
            {errorMessage(rotate.error)}
          </Callout>
        )}
      </div>
    </Dialog>
  );
}

export function EnrollmentKeyCard({ migration }: { migration: Migration }) {
  const [rotating, setRotating] = useState(false);
  return (
    <Card
      title="Enrollment key"
      description="Identifies this migration to the agent installer. Treat it like a password."
    >
      <div className={styles.keyBox}>
        <code className={styles.keyValue} aria-label="Enrollment key">
          {migration.enrollmentKey}
        </code>
        <CopyButton text={migration.enrollmentKey} size="sm" label="Copy key" />
        <Button size="sm" variant="ghost" icon="rotate" onClick={() => setRotating(true)}>
          Rotate
        </Button>
      </div>
      {rotating && <RotateKeyDialog migrationId={migration.id} onClose={() => setRotating(false)} />}
    </Card>
  );
}

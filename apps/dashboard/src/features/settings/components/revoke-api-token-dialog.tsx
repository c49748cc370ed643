import type { ApiTokenSummary } from '@cutover/domain';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Dialog } from '../../../components/ui/dialog';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useRevokeApiToken } from '../api/revoke-api-token';
import styles from './settings.module.css';

/** The confirm step before DELETE /api/tokens/{id}; Cancel has the first focus. */
export function RevokeApiTokenDialog({
  token,
  onClose,
  onRevoked,
}: {
  token: ApiTokenSummary;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const toast = useToast();
  const revoke = useRevokeApiToken({
    mutationConfig: {
      onSuccess: () => {
        toast({ tone: 'success', title: 'Token revoked', description: `“${token.name}” no longer works.` });
        onRevoked();
      },
    },
  });
  return (
    <Dialog
      title={`Revoke “${token.name}”?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={revoke.isPending}
            onClick={() => revoke.mutate({ tokenId: token.id })}
          >
            Revoke token
          </Button>
        </>
      }
    >
      <div className={styles.dialogStack}>
        <p>
          The token stops working at once: scripts that use it get “401 Unauthorized” from their next request.
        </p>
        <p>This cannot be undone. Create a new token for any script that still needs access.</p>
        {revoke.isError && (
          <Callout tone="danger" role="alert">
            {errorMessage(revoke.error)}
          </Callout>
        )}
      </div>
    </Dialog>
  );
}

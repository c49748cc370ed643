import type { ApiTokenSummary } from '@cutover/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { Callout } from '../../../components/ui/callout';
import { Card } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { LoadingBlock } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { useApiTokens } from '../api/get-api-tokens';
import { ApiTokensTable } from './api-tokens-table';
import { CreateApiTokenForm } from './create-api-token-form';
import { RevokeApiTokenDialog } from './revoke-api-token-dialog';
import styles from './settings.module.css';

/** Settings → API tokens: bearer tokens for the partner's own scripts (partner-api.md v1.1). */
export function ApiTokensView() {
  const tokens = useApiTokens();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [revoking, setRevoking] = useState<ApiTokenSummary | null>(null);
  const focusListAfterClose = useRef(false);
  useEffect(() => {
    // the revoked token's row (and its button, which had focus) is gone: land on the list, not on <body>
    if (revoking === null && focusListAfterClose.current) {
      focusListAfterClose.current = false;
      headingRef.current?.focus();
    }
  }, [revoking]);

  return (
    <div className={styles.stack}>
      <Card
        title="Create a token"
        description="For your own scripts: they call the partner API with it instead of signing in."
      >
        <CreateApiTokenForm />
      </Card>
      <section aria-labelledby={headingId} className={styles.section}>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className={styles.sectionTitle}>
          Your tokens
        </h2>
        {tokens.isPending ? (
          <LoadingBlock label="Loading tokens…" />
        ) : tokens.isError ? (
          <Callout tone="danger" title="Tokens could not be loaded" role="alert">
            {errorMessage(tokens.error)}
          </Callout>
        ) : tokens.data.items.length === 0 ? (
          <EmptyState icon="key" title="No API tokens yet">
            Create one above for each script or machine, so that you can revoke one without touching the
            others.
          </EmptyState>
        ) : (
          <ApiTokensTable tokens={tokens.data.items} onRevoke={setRevoking} />
        )}
      </section>
      {revoking && (
        <RevokeApiTokenDialog
          token={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            focusListAfterClose.current = true;
            setRevoking(null);
          }}
        />
      )}
    </div>
  );
}

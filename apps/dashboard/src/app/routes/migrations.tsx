import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/button';
import { Callout } from '../../components/ui/callout';
import { EmptyState } from '../../components/ui/empty-state';
import { Page, PageHeader } from '../../components/ui/page';
import { LoadingBlock } from '../../components/ui/spinner';
import { useMigrations } from '../../features/migrations/api/get-migrations';
import { CreateMigrationDialog } from '../../features/migrations/components/create-migration-dialog';
import { MigrationsTable } from '../../features/migrations/components/migrations-table';
import { errorMessage } from '../../lib/api-client';

export function MigrationsRoute() {
  const migrations = useMigrations();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const count = migrations.data?.items.length ?? 0;
  return (
    <Page>
      <PageHeader
        title="Migrations"
        subtitle={
          migrations.data
            ? `${count} ${count === 1 ? 'migration' : 'migrations'}, soonest cutover first`
            : undefined
        }
        actions={
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            New migration
          </Button>
        }
      />
      {migrations.isPending ? (
        <LoadingBlock label="Loading migrations…" />
      ) : migrations.isError ? (
        <Callout tone="danger" title="Migrations could not be loaded" role="alert">
          {errorMessage(migrations.error)}
        </Callout>
      ) : count === 0 ? (
        <EmptyState
          icon="laptop"
          title="No migrations yet"
          action={
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              Create your first migration
            </Button>
          }
        >
          A migration is one customer&rsquo;s move to Office 365: set the cutover time, then install the agent
          on their PCs with the enrollment key you get.
        </EmptyState>
      ) : (
        <MigrationsTable migrations={migrations.data.items} />
      )}
      {creating && (
        <CreateMigrationDialog
          onClose={() => setCreating(false)}
          onCreated={(migration) => void navigate(`/migrations/${migration.id}`)}
        />
      )}
    </Page>
  );
}

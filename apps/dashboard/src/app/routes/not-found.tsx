import { Link } from 'react-router';
import { buttonClassName } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Page } from '../../components/ui/page';

export function NotFoundRoute() {
  return (
    <Page>
      <EmptyState
        icon="alertCircle"
        title="Page not found"
        action={
          <Link to="/migrations" className={buttonClassName({ variant: 'primary' })}>
            Go to migrations
          </Link>
        }
      >
        This address does not match a page of the dashboard. Check the link, or start from your migrations.
      </EmptyState>
    </Page>
  );
}

import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Callout } from '../../components/ui/callout';
import { ErrorBoundary } from '../../components/ui/error-boundary';
import { Icon } from '../../components/ui/icon';
import { Logo } from '../../components/ui/logo';
import { LoadingBlock } from '../../components/ui/spinner';
import { useMe } from '../../features/auth/api/get-me';
import { useSignOut } from '../../features/auth/api/sign-out';
import { errorMessage } from '../../lib/api-client';
import styles from './app-shell.module.css';

function Account() {
  const me = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut({
    mutationConfig: { onSettled: () => void navigate('/sign-in', { replace: true }) },
  });
  if (!me.data) {
    return me.isPending ? null : (
      <Link to="/sign-in" className={styles.signOut}>
        Sign in
      </Link>
    );
  }
  const initial = (me.data.user.email[0] ?? '?').toUpperCase();
  return (
    <div className={styles.account}>
      <div className={styles.who}>
        <span className={styles.partner}>{me.data.partner.name}</span>
        <span className={styles.email}>{me.data.user.email}</span>
      </div>
      <span className={styles.avatar} aria-hidden="true">
        {initial}
      </span>
      <button
        type="button"
        className={styles.signOut}
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        <Icon name="logOut" size={14} />
        Sign out
      </button>
    </div>
  );
}

/** The dark header and the page area every signed-in screen (and the troubleshooting pages) share. */
export function AppShell() {
  const location = useLocation();
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.header}>
        <Link to="/migrations" className={styles.brand}>
          <Logo size={26} />
          Cutover
          <span className={styles.brandSub}>Migration Dashboard</span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <NavLink to="/migrations" className={styles.navLink}>
            Migrations
          </NavLink>
          <NavLink to="/settings" className={styles.navLink}>
            Settings
          </NavLink>
        </nav>
        <div className={styles.spacer} />
        <Account />
      </header>
      <div id="main" className={styles.content}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </div>
    </div>
  );
}

/** Signed-in routes: wait for `me`, and send a visitor without a session to sign in (and back here after). */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <LoadingBlock label="Loading your account…" />;
  if (me.isError) {
    return (
      <div style={{ maxWidth: 560, margin: '48px auto' }}>
        <Callout tone="danger" title="The dashboard could not reach the service" role="alert">
          {errorMessage(me.error)}
        </Callout>
      </div>
    );
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

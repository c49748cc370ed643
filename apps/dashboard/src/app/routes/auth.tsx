import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoadingBlock } from '../../components/ui/spinner';
import { useMe } from '../../features/auth/api/get-me';
import { AuthLayout } from '../../features/auth/components/auth-layout';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { SignUpForm } from '../../features/auth/components/sign-up-form';

/** Only same-site paths: an open redirect through ?next= would be a phishing aid. */
function safeNext(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/sign-')
    ? raw
    : '/migrations';
}

export function SignInRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const next = safeNext(params.get('next'));
  if (me.isPending) return <LoadingBlock />;
  if (me.data) return <Navigate to={next} replace />;
  return (
    <AuthLayout>
      <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
    </AuthLayout>
  );
}

export function SignUpRoute() {
  const navigate = useNavigate();
  const me = useMe();
  if (me.isPending) return <LoadingBlock />;
  if (me.data) return <Navigate to="/migrations" replace />;
  return (
    <AuthLayout>
      <SignUpForm onSignedUp={() => void navigate('/migrations', { replace: true })} />
    </AuthLayout>
  );
}

import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/api-client';
import { useSignIn } from '../api/sign-in';
import { authStyles as styles } from './auth-layout';

export function SignInForm({
  onSignedIn,
  signUpHref = '/sign-up',
}: {
  onSignedIn: () => void;
  signUpHref?: string;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn({ mutationConfig: { onSuccess: () => onSignedIn() } });

  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(email.trim() === '' || password === '');
    if (email.trim() === '' || password === '') return;
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" className={styles.title}>
        Sign in
      </h1>
      <p className={styles.lead}>Welcome back. Sign in to your partner account.</p>
      {signIn.isError && (
        <Callout tone="danger" role="alert">
          {errorMessage(signIn.error)}
        </Callout>
      )}
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        autoFocus
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={missing && email.trim() === '' ? 'Enter your email address.' : undefined}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={missing && password === '' ? 'Enter your password.' : undefined}
      />
      <Button type="submit" variant="primary" size="lg" block loading={signIn.isPending}>
        Sign in
      </Button>
      <p className={styles.switch}>
        New to Cutover? <Link to={signUpHref}>Create a partner account</Link>
      </p>
    </form>
  );
}

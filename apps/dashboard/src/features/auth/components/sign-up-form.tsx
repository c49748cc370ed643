import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { TextField } from '../../../components/ui/text-field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useSignUp } from '../api/sign-up';
import { authStyles as styles } from './auth-layout';

const MIN_PASSWORD = 12;

export function SignUpForm({ onSignedUp }: { onSignedUp: () => void }) {
  const [partnerName, setPartnerName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const signUp = useSignUp({ mutationConfig: { onSuccess: () => onSignedUp() } });
  const fieldErrors = signUp.error instanceof ApiError ? signUp.error.fieldProblems() : {};
  const passwordTooShort = touched && password.length > 0 && password.length < MIN_PASSWORD;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password.length < MIN_PASSWORD) return;
    signUp.mutate({ partnerName: partnerName.trim(), email: email.trim(), password });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="sign-up-title">
      <h1 id="sign-up-title" className={styles.title}>
        Create your partner account
      </h1>
      <p className={styles.lead}>One account for your company; invite colleagues later.</p>
      {signUp.isError && Object.keys(fieldErrors).length === 0 && (
        <Callout tone="danger" role="alert">
          {errorMessage(signUp.error)}
        </Callout>
      )}
      <TextField
        label="Company name"
        name="partnerName"
        autoComplete="organization"
        required
        autoFocus
        value={partnerName}
        onChange={(e) => setPartnerName(e.target.value)}
        error={fieldErrors.partnerName}
      />
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldErrors.email}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        onBlur={() => setTouched(true)}
        hint={`At least ${MIN_PASSWORD} characters.`}
        error={
          passwordTooShort
            ? `Use at least ${MIN_PASSWORD} characters (${password.length} so far).`
            : fieldErrors.password
        }
      />
      <Button type="submit" variant="primary" size="lg" block loading={signUp.isPending}>
        Create account
      </Button>
      <p className={styles.switch}>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}

import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { cx } from './cx';
import styles from './form.module.css';

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  indeterminate?: boolean;
  /** Visible label; without it, give the box an aria-label. */
  label?: ReactNode;
}

export function Checkbox({ indeterminate = false, label, className, ...rest }: CheckboxProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  const box = (
    <input ref={ref} type="checkbox" className={cx(styles.checkbox, !label && className)} {...rest} />
  );
  if (!label) return box;
  return (
    <label className={cx(styles.checkboxLabel, className)}>
      {box}
      <span>{label}</span>
    </label>
  );
}

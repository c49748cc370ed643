import type { ValueTransformer } from 'typeorm';

/** pg returns int8 as a string; byte counts and ids fit in a JS number (< 2^53). */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

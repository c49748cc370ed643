import { InitialSchema1764072000000 } from './1764072000000-initial-schema';

/** Every committed migration, in order: listed explicitly so that tests (ts) and dist (js) load the same set. */
export const MIGRATIONS = [InitialSchema1764072000000];

import { configure } from '@testing-library/react';
import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks these; react-router uses them
Object.assign(globalThis, { TextEncoder, TextDecoder });

// Lazy routes resolve in a later tick; on a loaded 2-core CI machine 1 s (the default) is not always enough.
configure({ asyncUtilTimeout: 5000 });

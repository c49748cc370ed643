import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { transformSync } from '@swc/core';

/**
 * tsx compiles with esbuild, which does not emit decorator metadata, and Nest's dependency injection
 * needs it. Benchmarks that boot the real API call this first: from then on, required .ts files
 * are compiled by swc exactly as jest compiles them (jest.config.js), and @cutover/domain resolves
 * to its sources.
 */
export function useSwcForApiSources(): void {
  const root = path.resolve(__dirname, '..');
  const domainEntry = path.join(root, 'libs/domain/src/index.ts');
  const internals = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _extensions: Record<
      string,
      (module: { _compile(code: string, file: string): void }, file: string) => void
    >;
  };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = (request, ...rest) =>
    request === '@cutover/domain' ? domainEntry : resolve(request, ...rest);
  internals._extensions['.ts'] = (module, file) => {
    const source = fs.readFileSync(file, 'utf8');
    const { code } = transformSync(source, {
      filename: file,
      sourceMaps: 'inline',
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    });
    module._compile(code, file);
  };
}

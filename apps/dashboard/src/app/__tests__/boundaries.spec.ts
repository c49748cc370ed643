import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

// STYLE 13: a feature never imports another feature; shared code (components, lib) never imports features.
const SRC = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    resolve(join(file, '..'), m[1]),
  );
}

function areaOf(path: string): string {
  const [top, feature] = relative(SRC, path).split(sep);
  return top === 'features' ? `features/${feature}` : top;
}

it('features import no other feature, and shared code imports no feature', () => {
  const offences: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = areaOf(file);
    if (from === 'app' || from === 'testing' || from === 'main.tsx') continue;
    for (const target of importsOf(file)) {
      const to = areaOf(target);
      if (to.startsWith('features/') && to !== from)
        offences.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
    }
  }
  expect(offences).toEqual([]);
});

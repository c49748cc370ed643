/**
 * docs/troubleshooting/<CODE>.md, bundled by Vite as one small lazy chunk per page (never in the main bundle).
 * Kept apart from everything else because `import.meta.glob` only exists in Vite builds; tests replace this module.
 */
const pages = import.meta.glob<string>('../../../../../../docs/troubleshooting/*.md', {
  query: '?raw',
  import: 'default',
});

const byCode = new Map<string, () => Promise<string>>(
  Object.entries(pages).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1, -'.md'.length), load]),
);

/** The Markdown source of the page for `code`, or null when there is none. */
export async function loadTroubleshootingDoc(code: string): Promise<string | null> {
  const load = byCode.get(code);
  return load ? load() : null;
}

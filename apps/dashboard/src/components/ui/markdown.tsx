import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import styles from './markdown.module.css';

/**
 * A deliberately small Markdown renderer for our own docs (headings, paragraphs, lists, code, quotes, links,
 * emphasis). It builds React elements, so all text is escaped by React; link targets are limited to http(s),
 * mailto and relative URLs.
 */

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' };

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++; // closing fence (or end of text)
      blocks.push({ kind: 'code', lang: fence[2], text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ''));
      blocks.push({ kind: 'quote', text: body.join(' ') });
      continue;
    }
    const first = LIST_ITEM.exec(line);
    if (first) {
      const ordered = /\d/.test(first[2]);
      const items: string[] = [];
      while (i < lines.length) {
        const item = LIST_ITEM.exec(lines[i]);
        if (item && /\d/.test(item[2]) === ordered) {
          items.push(item[3]);
          i++;
        } else if (lines[i].trim() !== '' && /^\s+/.test(lines[i]) && items.length > 0) {
          items[items.length - 1] += ` ${lines[i].trim()}`; // continuation line of the item
          i++;
        } else {
          break;
        }
      }
      blocks.push({ kind: 'list', ordered, start: ordered ? parseInt(first[2], 10) : 1, items });
      continue;
    }
    const body: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      !/^(#{1,6}\s|\s*(```|~~~)|\s*>)/.test(lines[i]) &&
      !LIST_ITEM.test(lines[i])
    )
      body.push(lines[i++].trim());
    blocks.push({ kind: 'paragraph', text: body.join(' ') });
  }
  return blocks;
}

/** Only these link targets are rendered as links; anything else (javascript:, data:) stays plain text. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  // a sibling troubleshooting page (OUTLOOK_OUTDATED.md) is a dashboard route
  const doc = /^(?:\.\/)?([A-Z][A-Z0-9_]+)\.md(#.*)?$/.exec(href);
  if (doc) return `/troubleshooting/${doc[1]}${doc[2] ?? ''}`;
  return href;
}

const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\b_([^_\s][^_]*)_\b|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<(https?:\/\/[^>\s]+)>/g;

function renderLink(href: string | null, children: ReactNode, key: string): ReactNode {
  if (href === null) return <Fragment key={key}>{children}</Fragment>;
  if (href.startsWith('/') && !href.startsWith('//')) {
    return (
      <Link key={key} to={href}>
        {children}
      </Link>
    );
  }
  const external = /^https?:/i.test(href);
  return (
    <a key={key} href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
      {children}
    </a>
  );
}

export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const key = `${keyPrefix}-${n++}`;
    const [, ticks, code, bold1, bold2, em1, em2, linkText, linkHref, autolink] = match;
    if (ticks) out.push(<code key={key}>{code.trim()}</code>);
    else if (bold1 || bold2) out.push(<strong key={key}>{renderInline(bold1 ?? bold2, key)}</strong>);
    else if (em1 || em2) out.push(<em key={key}>{renderInline(em1 ?? em2, key)}</em>);
    else if (linkText) out.push(renderLink(safeHref(linkHref), renderInline(linkText, key), key));
    else if (autolink) out.push(renderLink(safeHref(autolink), autolink, key));
    last = index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function Heading({ level, children }: { level: number; children: ReactNode }) {
  const Tag = `h${Math.min(6, Math.max(1, level))}` as 'h1';
  return <Tag>{children}</Tag>;
}

/** `headingOffset` shifts levels so a document's "#" fits under the page's own h1. */
export function Markdown({
  source,
  headingOffset = 0,
  skipFirstHeading = false,
}: {
  source: string;
  headingOffset?: number;
  skipFirstHeading?: boolean;
}) {
  let blocks = parseBlocks(source);
  if (skipFirstHeading && blocks[0]?.kind === 'heading') blocks = blocks.slice(1);
  return (
    <div className={styles.markdown}>
      {blocks.map((block, index) => {
        const key = `b${index}`;
        switch (block.kind) {
          case 'heading':
            return (
              <Heading key={key} level={block.level + headingOffset}>
                {renderInline(block.text, key)}
              </Heading>
            );
          case 'paragraph':
            return <p key={key}>{renderInline(block.text, key)}</p>;
          case 'quote':
            return (
              <blockquote key={key}>
                <p>{renderInline(block.text, key)}</p>
              </blockquote>
            );
          case 'rule':
            return <hr key={key} />;
          case 'code':
            return (
              <pre key={key} data-lang={block.lang || undefined}>
                <code>{block.text}</code>
              </pre>
            );
          case 'list': {
            const items = block.items.map((item, j) => (
              <li key={`${key}-${j}`}>{renderInline(item, `${key}-${j}`)}</li>
            ));
            return block.ordered ? (
              <ol key={key} start={block.start === 1 ? undefined : block.start}>
                {items}
              </ol>
            ) : (
              <ul key={key}>{items}</ul>
            );
          }
        }
      })}
    </div>
  );
}

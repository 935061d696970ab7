/**
 * Every relative link in the docs points at a file that exists, and at a heading that exists
 * in it: the README was split into docs/, and a moved section must not leave a dead link.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const PAGES = [
  'README.md',
  'lambda/domain/abuse/README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

/** `[label](target)` links outside code blocks and inline code, with their target. */
function linksIn(file: string): string[] {
  const text = fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

test.each(PAGES)('the relative links of %s resolve', (page) => {
  const broken: string[] = [];
  for (const target of linksIn(page)) {
    const [file, anchor] = target.split('#') as [string, string | undefined];
    const resolved = file === '' ? page : path.normalize(path.join(path.dirname(page), file));
    if (!fs.existsSync(path.join(ROOT, resolved))) {
      broken.push(`${target}: no file ${resolved}`);
    } else if (anchor !== undefined && resolved.endsWith('.md')) {
      if (!anchorsIn(resolved).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
    }
  }
  expect(broken).toEqual([]);
});

/**
 * Writes docs/config.md, the config reference, from the zod schema itself (`z.toJSONSchema`,
 * input side: what a config file may hold, with its defaults), so that the reference cannot
 * drift from lib/config/schema.ts. `npm run config:docs`; test/unit/config-docs.test.ts fails
 * when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../lib/config/schema';

/** The part of JSON Schema that zod emits for this config and that the reference shows. */
interface Node {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
}

export const CONFIG_DOCS_PATH = path.join(__dirname, '..', 'docs', 'config.md');

const HEADER = `# Config reference

<!-- Generated from lib/config/schema.ts by \`npm run config:docs\`: do not edit by hand. -->

Every field of \`config/antirelou.json\`, generated from the schema that validates it
(\`lib/config/schema.ts\`), so the defaults here are the ones the code applies. Money is in
currency units (\`"day": 40\` is 40 of \`budget.currency\`). How to write and deploy a config:
[deploy.md](deploy.md#configuration).
`;

const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;

function typeOf(node: Node): string {
  if (node.const !== undefined) return code(node.const);
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' or ');
  if (node.type === 'array') return `array of ${node.items ? typeOf(node.items) : 'any'}`;
  if (node.type === 'object' && node.additionalProperties && node.propertyNames) {
    return `map of ${typeOf(node.additionalProperties as Node)}`;
  }
  return node.type ?? 'any';
}

function constraintsOf(node: Node): string {
  const parts: string[] = [];
  if (node.enum) parts.push(`one of ${node.enum.map(code).join(', ')}`);
  if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) {
    parts.push(`≤ ${node.maximum}`);
  }
  if (node.minLength !== undefined) parts.push(`${node.minLength} to ${node.maxLength} chars`);
  if (node.minItems !== undefined) parts.push(`at least ${node.minItems}`);
  if (node.format) parts.push(node.format);
  else if (node.pattern) parts.push(`matches \`${node.pattern}\``);
  const keys = node.propertyNames?.pattern;
  if (keys) parts.push(`keys match \`${keys}\``);
  return parts.join(', ');
}

function defaultOf(node: Node, required: boolean): string {
  if (node.default === undefined) return required ? '(required)' : '(none)';
  if (
    node.type === 'object' &&
    node.properties &&
    Object.keys(node.default as object).length === 0
  ) {
    return "its fields' defaults";
  }
  return code(node.default);
}

/** `|` would end a Markdown table cell; a new line would end the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function row(name: string, node: Node, required: boolean): string[] {
  const cells = [`\`${name}\``, typeOf(node), defaultOf(node, required), constraintsOf(node)];
  return [...cells, node.description ?? ''].map(cell);
}

/** A Markdown table with its columns padded, as Prettier lays it out (so `npm run lint` passes). */
function table(rows: string[][]): string {
  const header = ['field', 'type', 'default', 'constraints', 'description'];
  const width = (text: string): number => [...text].length;
  const widths = header.map((_, i) => Math.max(3, ...[header, ...rows].map((r) => width(r[i]!))));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One table of an object's fields; nested objects with fields get their own section. */
function sections(title: string, prefix: string, node: Node): string[] {
  const rows: string[][] = [];
  const nested: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = prefix + key;
    const required = node.required?.includes(key) ?? false;
    rows.push(row(name, child, required));
    if (child.properties) nested.push(...sections(`\`${name}\``, `${name}.`, child));
    for (const variant of child.oneOf ?? []) {
      const mode = variant.properties?.mode?.const;
      nested.push(
        ...sections(`\`${name}\` (\`"mode": ${JSON.stringify(mode)}\`)`, `${name}.`, variant),
      );
    }
  }
  const intro = node.description ? `${node.description}\n\n` : '';
  return [`## ${title}\n\n${intro}${table(rows)}\n`, ...nested];
}

/** The reference as Markdown. */
export function renderConfigDocs(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  return [HEADER, ...sections('Top level', '', schema)].join('\n');
}

if (require.main === module) {
  writeFileSync(CONFIG_DOCS_PATH, renderConfigDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), CONFIG_DOCS_PATH)}\n`);
}

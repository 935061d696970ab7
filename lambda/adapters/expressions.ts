/**
 * DynamoDB expressions are written with `#attribute` placeholders everywhere (no reserved-word
 * surprises); this collects the `ExpressionAttributeNames` they use.
 */
export function attributeNames(
  ...expressions: readonly (string | undefined)[]
): Record<string, string> {
  const names: Record<string, string> = {};
  for (const expression of expressions) {
    if (expression === undefined) continue;
    for (const match of expression.matchAll(/#([A-Za-z][A-Za-z0-9]*)/g)) {
      names[`#${match[1]}`] = match[1] as string;
    }
  }
  return names;
}

/** Joins condition parts with AND, each in parentheses. */
export function allOf(...parts: readonly (string | false | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .map((part) => `(${part})`)
    .join(' AND ');
}

/** True for the one error that means "the condition said no", whatever module copy threw it. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

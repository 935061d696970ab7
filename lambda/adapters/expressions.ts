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

/**
 * Joins condition parts with AND. Parts must not contain OR: they are written without
 * parentheses (NOT binds tighter than AND), which DynamoDB reads the same and which emulators'
 * expression parsers handle ten times faster than parenthesised groups.
 */
export function allOf(...parts: readonly (string | false | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' AND ');
}

/**
 * "Missing or not equal": in DynamoDB a comparison with a missing attribute is false, so
 * `<>` is true when the attribute is absent, and `NOT a > b` means "absent or at most b".
 * These forms are checked against AWS's DynamoDB Local by the integration tests.
 */
export const notEqual = (name: string, value: string): string => `${name} <> ${value}`;
export const atMost = (name: string, value: string): string => `NOT ${name} > ${value}`;

/** True for the one error that means "the condition said no", whatever module copy threw it. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

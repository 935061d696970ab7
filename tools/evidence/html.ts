/**
 * Writing untrusted text into the dossier's HTML: message bodies are written by raiders, so
 * every text is escaped, and shown isolated from the page's direction (`<bdi>`), so that
 * right-to-left override characters in a body cannot reorder what is around it.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Untrusted text, escaped and direction-isolated. */
export function untrusted(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

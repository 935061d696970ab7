/**
 * The dossier's two tables: the senders (full numbers: they are the evidence), and every message
 * kept, in time order, with its id and digest so that a reader can find it in the files.
 */
import type { DossierFormat } from './dossier-format';
import type { DossierPage } from './dossier-page';
import type { DossierText } from './dossier-text';
import { escapeHtml, untrusted } from './html';

/**
 * Printed, a digest shows its first characters only (enough to find the record in the files,
 * where it is whole): one line per message keeps a raid of 13,000 messages printable.
 */
const PRINTED_DIGEST_CHARS = 16;
/** Samples are cut here in the senders' table (the full text is in the list of messages). */
const SAMPLE_CHARS = 140;

const head = (columns: readonly string[]): string =>
  `<thead><tr>${columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('')}</tr></thead>`;

function sample(body: string): string {
  const chars = [...body];
  return chars.length <= SAMPLE_CHARS ? body : `${chars.slice(0, SAMPLE_CHARS).join('')}…`;
}

/** The senders' table. */
export function dossierSenders(page: DossierPage, t: DossierText, f: DossierFormat): string {
  const rows = page.summary.senders.map((sender) => {
    const reasons = sender.reasons
      .map(([kind, count]) => `${f.reasonKind(kind)} (${f.count(count)})`)
      .join(', ');
    const samples = sender.samples.map((body) => `<li>${untrusted(sample(body))}</li>`).join('');
    return (
      `<tr data-number="${escapeHtml(sender.number)}" data-messages="${sender.messages}">` +
      `<td class="number" dir="ltr">${escapeHtml(sender.number)}</td>` +
      `<td>${escapeHtml(f.country(sender.kind.country))}</td>` +
      `<td>${escapeHtml(f.numberType(sender.kind.type))}</td>` +
      `<td class="num">${f.count(sender.messages)}</td>` +
      `<td class="time">${escapeHtml(f.time(sender.firstMs))}</td>` +
      `<td class="time">${escapeHtml(f.time(sender.lastMs))}</td>` +
      `<td>${escapeHtml(reasons)}</td><td><ul>${samples}</ul></td></tr>`
    );
  });
  return (
    `<section id="senders"><h2>${escapeHtml(t.senders.title(f.count(rows.length)))}</h2>` +
    `<table>${head(t.senders.columns)}<tbody>${rows.join('')}</tbody></table></section>`
  );
}

/** The list of every message kept. */
export function dossierMessages(page: DossierPage, t: DossierText, f: DossierFormat): string {
  const rows = page.records.map((record, index) => {
    const reasons = record.reasons.map((reason) => escapeHtml(f.reason(reason))).join('<br>');
    return (
      `<tr data-id="${escapeHtml(record.inboundMessageId)}" data-received="${escapeHtml(record.receivedAt)}">` +
      `<td class="num">${index + 1}</td>` +
      `<td class="time">${escapeHtml(f.time(Date.parse(record.receivedAt)))}</td>` +
      `<td class="number" dir="ltr">${escapeHtml(record.from)}</td>` +
      `<td class="body">${untrusted(record.body)}</td><td>${reasons}</td>` +
      `<td class="digest"><span class="id">${untrusted(record.inboundMessageId)}</span> ` +
      `<span class="digest-head">${record.digest.slice(0, PRINTED_DIGEST_CHARS)}</span>` +
      `<span class="digest-rest">${record.digest.slice(PRINTED_DIGEST_CHARS)}</span></td></tr>`
    );
  });
  return (
    `<section id="messages"><h2>${escapeHtml(t.messages.title(f.count(rows.length)))}</h2>` +
    `<p class="note print-only">${escapeHtml(t.messages.printNote)}</p>` +
    `<table>${head(t.messages.columns)}<tbody>${rows.join('')}</tbody></table></section>`
  );
}

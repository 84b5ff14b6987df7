import type { AlertKind } from './alert-facts';
import type { AlertLanguage } from './alert.events';

/** What an outbox row says, as the process manager wrote it (public data only). */
export type AlertContent = {
  kind: AlertKind;
  tenderId?: string;
  number?: string | null;
  title?: string | null;
  details?: Record<string, unknown>;
  /** Why the subscriber gets it: the saved search's name or the follow. */
  reason?: string;
};

export type RenderedEmail = { subject: string; text: string };

type Words = Record<Exclude<AlertKind, 'confirm'>, string> & Record<string, string>;

const WORDS: Record<AlertLanguage, Words> = {
  es: {
    published: 'Nuevo procedimiento que coincide con su búsqueda',
    amended: 'Modificación de la convocatoria',
    answered: 'Respuesta a las preguntas de la junta de aclaraciones',
    opened: 'Acto de presentación y apertura de proposiciones',
    awarded: 'Fallo: adjudicación',
    ruling: 'Resolución de una inconformidad',
    contracted: 'Contrato firmado',
    auction_reminder: 'Recordatorio: subasta',
    changed: 'Qué cambió',
    reason: 'Motivo',
    answer: 'Respuesta',
    starts: 'La subasta empieza',
    in24h: 'en 24 horas',
    in1h: 'en 1 hora',
    see: 'Ver el procedimiento',
    why: 'Recibe este aviso por',
    unsubscribe: 'Dejar de recibir estos avisos (un clic)',
    digest: 'Resumen diario de avisos',
    items: 'avisos',
    confirmSubject: 'Confirme su correo para recibir avisos de Licita',
    confirmText:
      'Abra este enlace para confirmar que esta dirección es suya. No le enviaremos avisos hasta que lo haga.',
    upheld: 'procedente',
    rejected: 'improcedente',
    supplier: 'Proveedor',
    amount: 'Monto',
    lot: 'Partida',
  },
  en: {
    published: 'New procedure matching your search',
    amended: 'Amendment to the call',
    answered: 'Answer to the clarification questions',
    opened: 'Opening of proposals',
    awarded: 'Award',
    ruling: 'Ruling on a challenge',
    contracted: 'Contract signed',
    auction_reminder: 'Reminder: auction',
    changed: 'What changed',
    reason: 'Reason',
    answer: 'Answer',
    starts: 'The auction starts',
    in24h: 'in 24 hours',
    in1h: 'in 1 hour',
    see: 'See the procedure',
    why: 'You receive this alert for',
    unsubscribe: 'Stop these alerts (one click)',
    digest: 'Daily digest of alerts',
    items: 'alerts',
    confirmSubject: 'Confirm your e-mail to receive Licita alerts',
    confirmText: 'Open this link to confirm the address is yours. No alert is sent before you do.',
    upheld: 'upheld',
    rejected: 'rejected',
    supplier: 'Supplier',
    amount: 'Amount',
    lot: 'Lot',
  },
};

export type Links = { publicUrl: string; unsubscribe: string; confirm?: string };

const procedureName = (content: AlertContent) =>
  [content.number, content.title ?? content.tenderId].filter((part) => part).join(' — ');

const tenderLink = (publicUrl: string, tenderId: string | undefined) =>
  tenderId ? `${publicUrl}/licitaciones/${encodeURIComponent(tenderId)}` : publicUrl;

const money = (value: unknown, language: AlertLanguage) => {
  const amount = value as { amount?: number; currency?: string } | undefined;
  if (!amount || typeof amount.amount !== 'number') return '';
  return new Intl.NumberFormat(language === 'en' ? 'en-US' : 'es-MX', {
    style: 'currency',
    currency: amount.currency ?? 'MXN',
  }).format(amount.amount / 100);
};

const show = (value: unknown) =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The lines that say what happened, in the subscriber's language. */
export function describe(content: AlertContent, language: AlertLanguage, timeZone: string): string[] {
  const w = WORDS[language];
  const details = content.details ?? {};
  const lines = [`${w[content.kind] ?? content.kind}: ${procedureName(content)}`];
  switch (content.kind) {
    case 'amended': {
      if (details.reason) lines.push(`${w.reason}: ${show(details.reason)}`);
      const changes = (details.changes as Array<{ path: string; before: unknown; after: unknown }>) ?? [];
      if (changes.length > 0) lines.push(`${w.changed}:`);
      for (const change of changes.slice(0, 30))
        lines.push(`  - ${change.path}: ${show(change.before)} → ${show(change.after)}`);
      break;
    }
    case 'answered':
      lines.push(`${w.answer}: ${show(details.answer ?? details.summary)}`);
      break;
    case 'awarded':
    case 'contracted':
      lines.push(`${w.lot}: ${show(details.lotId)}. ${w.amount}: ${money(details.amount, language)}`);
      break;
    case 'ruling':
      lines.push(`${details.upheld ? w.upheld : w.rejected}: ${show(details.reason)}`);
      break;
    case 'auction_reminder': {
      const startsAt = new Date(String(details.startsAt));
      const local = new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'es-MX', {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone,
      }).format(startsAt);
      lines.push(`${w.starts} ${details.lead === '1h' ? w.in1h : w.in24h}: ${local} (${timeZone})`);
      break;
    }
  }
  return lines;
}

/** One alert's e-mail: subject, what happened, the public page, why it came, the one-click unsubscribe link. */
export function renderAlert(
  content: AlertContent,
  language: AlertLanguage,
  links: Links,
  timeZone: string,
): RenderedEmail {
  const w = WORDS[language];
  if (content.kind === 'confirm')
    return { subject: w.confirmSubject, text: `${w.confirmText}\n\n${links.confirm ?? ''}\n` };
  const lines = describe(content, language, timeZone);
  return {
    subject: `${w[content.kind]}: ${procedureName(content)}`.slice(0, 200),
    text: [
      ...lines,
      '',
      `${w.see}: ${tenderLink(links.publicUrl, content.tenderId)}`,
      '',
      ...(content.reason ? [`${w.why}: ${content.reason}`] : []),
      `${w.unsubscribe}: ${links.unsubscribe}`,
      '',
    ].join('\n'),
  };
}

/** A daily subscriber's day in one e-mail, the items in the order they happened. */
export function renderDigest(
  contents: AlertContent[],
  language: AlertLanguage,
  links: Links,
  timeZone: string,
): RenderedEmail {
  const w = WORDS[language];
  const blocks = contents.map((content) =>
    [...describe(content, language, timeZone), `${w.see}: ${tenderLink(links.publicUrl, content.tenderId)}`].join('\n'),
  );
  return {
    subject: `${w.digest}: ${contents.length} ${w.items}`,
    text: [...blocks.flatMap((block) => [block, '']), `${w.unsubscribe}: ${links.unsubscribe}`, ''].join('\n'),
  };
}

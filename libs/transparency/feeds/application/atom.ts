import { Feed } from 'feed';
import type { ProcedureType, TenderStatus } from '@licita/tendering';
import { feedAuthority, spanishMoney, STATUS_TEXT, tenderPage, writerFor, type TextLanguage } from './texts';

/** One procedure of a search feed. */
export type AtomTender = {
  tenderId: string;
  number: string | null;
  title: string;
  status: TenderStatus;
  procedureType: ProcedureType;
  buyingUnitName: string | null;
  value: { amount: number; currency: string };
  publishedAt: string;
  dateModified: string;
};

/** One step of a procedure's timeline (`position`: the global position of its event, stable forever). */
export type AtomStep = { position: string; at: string; key: string; text: string };

export type AtomContext = { publicUrl: string; selfUrl: string; language: TextLanguage };

/**
 * The feeds' entries are `tag:` URIs (RFC 4151) under PUBLIC_URL's host: a procedure is
 * `tag:<host>,2026:tender/<id>`, a step of its timeline `…/step/<position>`; they never change.
 */
const TAG_DATE = '2026';
const tag = (publicUrl: string, path: string) => `tag:${feedAuthority(publicUrl)},${TAG_DATE}:${path}`;

/** Text for an element Atom reads as HTML (`type="html"`): escaped, so a title is never markup. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const latest = (instants: string[]): Date =>
  new Date(instants.reduce((max, at) => (Date.parse(at) > Date.parse(max) ? at : max), new Date(0).toISOString()));

function newFeed(id: string, title: string, updated: Date, link: string, { selfUrl, language }: AtomContext) {
  return new Feed({
    id,
    title,
    updated,
    link,
    language,
    feedLinks: { atom: selfUrl },
    author: { name: 'Licita' },
    generator: 'Licita',
    copyright: writerFor(language).l('Datos abiertos de contrataciones públicas', 'Open public procurement data'),
  });
}

/** The procedures of a search, the latest changed first: one entry each, updated when the procedure last changed. */
export function searchAtom(tenders: AtomTender[], query: string, context: AtomContext): string {
  const w = writerFor(context.language);
  const feed = newFeed(
    tag(context.publicUrl, `tenders?${query}`),
    w.l('Licita — procedimientos de contratación', 'Licita — procurement procedures'),
    latest(tenders.map((t) => t.dateModified)),
    `${context.publicUrl}/${query ? `?${query}` : ''}`,
    context,
  );
  for (const tender of tenders) {
    const summary = [
      tender.number,
      tender.buyingUnitName,
      w.l(...STATUS_TEXT[tender.status]),
      `${w.l('Valor estimado', 'Estimated value')}: ${spanishMoney(tender.value)}`,
    ].filter((part): part is string => !!part);
    feed.addItem({
      id: tag(context.publicUrl, `tender/${tender.tenderId}`),
      title: html(tender.number ? `${tender.number} · ${tender.title}` : tender.title),
      link: tenderPage(context.publicUrl, tender.tenderId),
      date: new Date(tender.dateModified),
      published: new Date(tender.publishedAt),
      description: html(summary.join(' · ')),
    });
  }
  return feed.atom1();
}

/** A procedure's timeline, newest step first: published, amendments with what changed, answers, acts, award, contracts. */
export function tenderAtom(
  tender: { tenderId: string; number: string | null; title: string },
  steps: AtomStep[],
  context: AtomContext,
): string {
  const page = tenderPage(context.publicUrl, tender.tenderId);
  const name = tender.number ? `${tender.number} · ${tender.title}` : tender.title;
  const feed = newFeed(
    tag(context.publicUrl, `tender/${tender.tenderId}`),
    name,
    latest(steps.map((s) => s.at)),
    page,
    context,
  );
  for (const step of steps) {
    feed.addItem({
      id: tag(context.publicUrl, `tender/${tender.tenderId}/step/${step.position}`),
      title: html(step.text.length > 140 ? `${step.text.slice(0, 139)}…` : step.text),
      link: page,
      date: new Date(step.at),
      content: html(step.text),
      category: [{ term: step.key }],
    });
  }
  return feed.atom1();
}

/**
 * The OCDS extensions Licita's releases use, by the URL of their `extension.json` (what a package lists in
 * `extensions`), and the folder of `../shared/ocds/extensions/` holding the copy the tests validate with.
 * - bid (`bids.statistics`, `bids.details`, `awards[].relatedBid`) and lots (`tender.lots`, `relatedLot(s)`):
 *   the Open Contracting Partnership's, tag v1.1.5;
 * - auction (`tender.auctions`): ProZorro's community extension (openprocurement/ocds_auction_extension).
 */
export const OCDS_VERSION = '1.1';

export const OCDS_EXTENSIONS = [
  {
    folder: 'bid',
    url: 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
  },
  {
    folder: 'lots',
    url: 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
  },
  {
    folder: 'auction',
    url: 'https://raw.githubusercontent.com/openprocurement/ocds_auction_extension/master/extension.json',
  },
] as const;

export const OCDS_EXTENSION_URLS: string[] = OCDS_EXTENSIONS.map((extension) => extension.url);

/**
 * Fields Licita's releases use that no extension in ../shared/ocds declares, documented here as Licita's own
 * (the release schema admits fields it does not define, so they validate; they are not listed in a package's
 * `extensions`, which names only extensions whose schema a reader can fetch):
 * - `tender.techniques` (`hasFrameworkAgreement`, `frameworkAgreement.method` — `withoutReopeningCompetition`,
 *   `withReopeningCompetition`, `withAndWithoutReopeningCompetition` —, `frameworkAgreement.buyerCategories`,
 *   `frameworkAgreement.value`): the shape of the OCDS techniques extension
 *   (open-contracting-extensions/ocds_techniques_extension), written on the procedure a framework agreement
 *   results from (libs/transparency/ocds/projections/ocds-frameworks.ts);
 * - `licitaFramework` at the release's root: an agreement's id, title, regions (INEGI state keys), authorised
 *   units, ceilings and catalogue prices per supplier; on an order (call-off), its agreement, origin
 *   (`catalogue` or `mini-competition`), totals per currency and, when rejected, the supplier's reason;
 * - `licitaImport` at the release's root: the source of an imported historical record (ocds-historical.ts).
 */
export const LICITA_OWN_FIELDS: ReadonlyArray<readonly string[]> = [
  ['tender', 'techniques'],
  ['licitaFramework'],
  ['licitaImport'],
];

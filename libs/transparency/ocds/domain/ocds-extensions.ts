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

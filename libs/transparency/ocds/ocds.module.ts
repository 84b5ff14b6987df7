import { Module } from '@nestjs/common';
import { BULK_QUERY_HANDLERS } from './application/queries/bulk-query.handlers';
import { OCDS_QUERY_HANDLERS } from './application/queries/ocds-query.handlers';
import { BulkController } from './http/bulk.controller';
import { OcdsController } from './http/ocds.controller';
import { OcdsReleasesProjection } from './projections/ocds-releases.projection';

/**
 * OCDS open data: the `ocds` projection writes one release per meaningful change of each contracting process
 * (tender, awards, contracts, auctions), and /api/ocds publishes them as release and record packages and a bulk
 * download, and /api/bulk the flat CSV tables per period with their data dictionary. See README.md beside this file.
 */
@Module({
  controllers: [OcdsController, BulkController],
  providers: [OcdsReleasesProjection, ...OCDS_QUERY_HANDLERS, ...BULK_QUERY_HANDLERS],
})
export class OcdsModule {}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BuyingUnitQueries } from '../buying-unit-queries';
import { BuyingUnitById, SearchBuyingUnits } from './buying-unit.queries';

@QueryHandler(SearchBuyingUnits)
export class SearchBuyingUnitsHandler implements IQueryHandler<SearchBuyingUnits> {
  constructor(private readonly queries: BuyingUnitQueries) {}

  execute({ search }: SearchBuyingUnits) {
    return this.queries.search(search);
  }
}

@QueryHandler(BuyingUnitById)
export class BuyingUnitByIdHandler implements IQueryHandler<BuyingUnitById> {
  constructor(private readonly queries: BuyingUnitQueries) {}

  execute({ buyingUnitId }: BuyingUnitById) {
    return this.queries.get(buyingUnitId);
  }
}

import type { PersonType } from '../domain/rfc';

/**
 * Published RFCs: public institutions, then the SAT's own test taxpayers (CFDI test certificates), each with
 * the name it belongs to and the person type its length says.
 */
export const REAL_RFCS: Array<[rfc: string, legalName: string, personType: PersonType]> = [
  ['SAT970701NN3', 'Servicio de Administración Tributaria', 'legal_entity'],
  ['IMS421231I45', 'Instituto Mexicano del Seguro Social', 'legal_entity'],
  ['CFE370814QI0', 'Comisión Federal de Electricidad', 'legal_entity'],
  // "PEM380607P35" is often quoted but wrong: "Petróleos Mexicanos" gives P + ME (GLEIF registeredAs).
  ['PME380607P35', 'Petróleos Mexicanos', 'legal_entity'],
  ['BMN930209927', 'Banco de México', 'legal_entity'],
  ['AMO000925Q31', 'América Móvil', 'legal_entity'],
  ['EKU9003173C9', 'SAT test taxpayer: Escuela Kemper Urgate', 'legal_entity'],
  ['H&E951128469', 'SAT test taxpayer with "&": Herrería & Eléctricos', 'legal_entity'],
  ['HAÑ930228SM9', 'SAT test taxpayer with "Ñ": Hermanos Anzures Ñarváez', 'legal_entity'],
  ['CACX7605101P8', 'Xochilt Casas Chavez', 'individual'],
  ['IAÑL750210963', 'Luis Ibarra Ñañez', 'individual'],
  ['FUNK671228PH6', 'SAT test taxpayer, individual', 'individual'],
];

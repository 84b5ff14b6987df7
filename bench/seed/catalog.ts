import { readFileSync } from 'node:fs';
import type { GovernmentLevel } from '@licita/buying-units';
import { MEXICAN_STATES, type MexicanState, checkRfc, rfcCheckDigit } from '@licita/suppliers';
import { classifierDataFile, DEFAULT_CLASSIFIER, parseCsv } from '@licita/classifier';
import type { ProcurementCategory } from '@licita/tendering';
import type { Random } from './random';

/** A leaf of the CPV 2008 as shipped in libs/classifier/data: real codes, real Spanish labels. */
export type CpvCode = { code: string; division: string; label: string };

/** The leaf codes by division, and the divisions by procurement category (45 works, 50–98 services, the rest goods). */
export class CpvCatalog {
  readonly byDivision = new Map<string, CpvCode[]>();
  readonly divisions: Record<'goods' | 'services' | 'works', string[]> = { goods: [], services: [], works: [] };

  constructor() {
    const { records } = parseCsv(readFileSync(classifierDataFile(DEFAULT_CLASSIFIER.file), 'utf8'));
    for (const record of records) {
      if (record.is_leaf !== 'true') continue;
      const code = { code: record.code, division: record.division, label: record.label_es || record.label_en };
      const list = this.byDivision.get(code.division) ?? [];
      list.push(code);
      this.byDivision.set(code.division, list);
    }
    for (const division of this.byDivision.keys()) this.divisions[categoryOfDivision(division)].push(division);
  }

  division(random: Random, category: ProcurementCategory): string {
    return random.pick(this.divisions[category === 'leasing' ? 'goods' : category]);
  }

  codes(random: Random, division: string, count: number): CpvCode[] {
    return random.sample(this.byDivision.get(division) ?? [], count);
  }
}

export function categoryOfDivision(division: string): 'goods' | 'services' | 'works' {
  if (division === '45') return 'works';
  return Number(division) >= 50 ? 'services' : 'goods';
}

export const UNITS_OF_MEASURE: Record<'goods' | 'services' | 'works', string[]> = {
  goods: ['pieza', 'caja', 'paquete', 'juego', 'litro', 'kilogramo', 'rollo', 'frasco'],
  services: ['servicio', 'mes', 'evento', 'hora'],
  works: ['obra', 'lote'],
};

/** Institutions that buy, as in CompraNet: federal agencies, state governments and municipalities. */
const FEDERAL_INSTITUTIONS = [
  ['050', 'GYR', 'Instituto Mexicano del Seguro Social'],
  ['051', 'GYN', 'Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado'],
  ['012', 'SSA', 'Secretaría de Salud'],
  ['011', 'SEP', 'Secretaría de Educación Pública'],
  ['009', 'SCT', 'Secretaría de Infraestructura, Comunicaciones y Transportes'],
  ['016', 'CNA', 'Comisión Nacional del Agua'],
  ['007', 'SDN', 'Secretaría de la Defensa Nacional'],
  ['013', 'SMA', 'Secretaría de Marina'],
  ['018', 'CFE', 'Comisión Federal de Electricidad'],
  ['018', 'PMX', 'Petróleos Mexicanos'],
  ['008', 'SAD', 'Secretaría de Agricultura y Desarrollo Rural'],
  ['006', 'SAT', 'Servicio de Administración Tributaria'],
  ['038', 'CON', 'Consejo Nacional de Humanidades, Ciencias y Tecnologías'],
  ['047', 'INP', 'Instituto Nacional de Pediatría'],
] as const;

const UNIT_NAMES = [
  'Dirección de Administración',
  'Coordinación de Abastecimiento y Equipamiento',
  'Dirección General de Recursos Materiales y Servicios Generales',
  'Subdirección de Adquisiciones',
  'Unidad de Administración y Finanzas',
  'Departamento de Compras',
  'Coordinación de Obras y Conservación',
];

export type BuyingUnitSpec = {
  code: string;
  name: string;
  level: GovernmentLevel;
  parentInstitution: string;
  state: MexicanState;
  /** INEGI keys: the unit's state, and a municipal unit's municipality (the state and municipality searches). */
  location: { stateCode: string; municipalityCode: string | null };
};

/** The INEGI key of each state (ISO 3166-2 → Marco Geoestadístico). */
const INEGI_KEYS: Record<MexicanState, string> = {
  'MX-AGU': '01',
  'MX-BCN': '02',
  'MX-BCS': '03',
  'MX-CAM': '04',
  'MX-COA': '05',
  'MX-COL': '06',
  'MX-CHP': '07',
  'MX-CHH': '08',
  'MX-CMX': '09',
  'MX-DUR': '10',
  'MX-GUA': '11',
  'MX-GRO': '12',
  'MX-HID': '13',
  'MX-JAL': '14',
  'MX-MEX': '15',
  'MX-MIC': '16',
  'MX-MOR': '17',
  'MX-NAY': '18',
  'MX-NLE': '19',
  'MX-OAX': '20',
  'MX-PUE': '21',
  'MX-QUE': '22',
  'MX-ROO': '23',
  'MX-SLP': '24',
  'MX-SIN': '25',
  'MX-SON': '26',
  'MX-TAB': '27',
  'MX-TAM': '28',
  'MX-TLA': '29',
  'MX-VER': '30',
  'MX-YUC': '31',
  'MX-ZAC': '32',
};

/** A municipality's key: its place in MUNICIPALITIES (the seed's municipalities are names, not real keys). */
const municipalityKey = (municipality: string) => String(MUNICIPALITIES.indexOf(municipality) + 1).padStart(3, '0');

/** A buying unit: mostly federal, then states and municipalities; its code is not in `taken`. */
export function buyingUnitSpec(random: Random, taken: Set<string>): BuyingUnitSpec {
  const spec = anyBuyingUnit(random);
  if (taken.has(spec.code)) return buyingUnitSpec(random, taken);
  taken.add(spec.code);
  return spec;
}

function anyBuyingUnit(random: Random): BuyingUnitSpec {
  const states = Object.keys(MEXICAN_STATES) as MexicanState[];
  const state = random.pick(states);
  const level = random.weighted<GovernmentLevel>({ federal: 6, state: 3, municipal: 1 });
  // Random serials, so a second seed into the same database does not claim the codes of the first.
  const serial = String(random.int(0, 999_999)).padStart(6, '0');
  if (level === 'federal') {
    const [ramo, siglas, institution] = random.pick(FEDERAL_INSTITUTIONS);
    const where = random.chance(0.6) ? ` en ${MEXICAN_STATES[state]}` : '';
    return {
      code: `${ramo}${siglas}${serial}`,
      name: `${random.pick(UNIT_NAMES)}${where}`,
      level,
      parentInstitution: institution,
      state,
      location: { stateCode: INEGI_KEYS[state], municipalityCode: null },
    };
  }
  const stateName = MEXICAN_STATES[state];
  if (level === 'state') {
    return {
      code: `${state.slice(3)}-E${serial}`,
      name: random.pick(UNIT_NAMES),
      level,
      parentInstitution: `Gobierno del Estado de ${stateName}`,
      state,
      location: { stateCode: INEGI_KEYS[state], municipalityCode: null },
    };
  }
  const municipality = random.pick(MUNICIPALITIES);
  return {
    code: `${state.slice(3)}-M${serial}`,
    name: random.pick(UNIT_NAMES),
    level,
    parentInstitution: `Municipio de ${municipality}, ${stateName}`,
    state,
    location: { stateCode: INEGI_KEYS[state], municipalityCode: municipalityKey(municipality) },
  };
}

const MUNICIPALITIES = [
  'Guadalajara',
  'Monterrey',
  'Puebla',
  'Tijuana',
  'León',
  'Zapopan',
  'Mérida',
  'Querétaro',
  'Toluca',
  'Oaxaca de Juárez',
  'Hermosillo',
  'Morelia',
];

const COMPANY_WORDS = [
  'Abastecedora',
  'Comercializadora',
  'Distribuidora',
  'Constructora',
  'Servicios',
  'Suministros',
  'Grupo',
  'Tecnología',
  'Ingeniería',
  'Farmacéutica',
  'Proveedora',
  'Soluciones',
  'Consultores',
  'Equipos',
  'Laboratorios',
  'Insumos',
  'Mantenimiento',
  'Desarrollos',
];
const COMPANY_NAMES = [
  'Álamo',
  'Balam',
  'Centli',
  'Tonatiuh',
  'Quetzal',
  'Itzel',
  'Xochitl',
  'Citlali',
  'Anáhuac',
  'Tláloc',
  'Cuauhtémoc',
  'Maya',
  'Pacífico',
  'del Golfo',
  'del Bajío',
  'Azteca',
  'Sierra Madre',
  'Occidente',
  'Norte',
  'Huasteca',
  'Mixteca',
  'Tarasca',
  'Olmeca',
  'Zapoteca',
];
const SOCIETIES = ['S.A. de C.V.', 'S. de R.L. de C.V.', 'S.A.P.I. de C.V.', 'S.C.'];
const GIVEN_NAMES = [
  'María',
  'José',
  'Juan',
  'Guadalupe',
  'Ana',
  'Luis',
  'Carmen',
  'Jorge',
  'Patricia',
  'Miguel',
  'Rosa',
  'Alejandro',
  'Laura',
  'Fernando',
];
const SURNAMES = [
  'Hernández',
  'García',
  'Martínez',
  'López',
  'González',
  'Pérez',
  'Rodríguez',
  'Sánchez',
  'Ramírez',
  'Cruz',
  'Flores',
  'Gómez',
  'Morales',
  'Vázquez',
  'Reyes',
  'Jiménez',
];

export type SupplierIdentity = {
  rfc: string;
  legalName: string;
  personType: 'legal_entity' | 'individual';
  contactName: string;
};

/** A supplier's name and a valid RFC (SAT check digit) not given before; about one in six is an individual. */
export function supplierIdentity(random: Random, taken: Set<string>): SupplierIdentity {
  for (;;) {
    const contactName = `${random.pick(GIVEN_NAMES)} ${random.pick(SURNAMES)} ${random.pick(SURNAMES)}`;
    const individual = random.chance(1 / 6);
    const legalName = individual
      ? contactName
      : `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_NAMES)}, ${random.pick(SOCIETIES)}`;
    const letters = individual ? initials(contactName, 4) : initials(legalName, 3);
    const date = `${String(random.int(0, 99)).padStart(2, '0')}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
    const homoclave = `${random.pick(HOMOCLAVE)}${random.pick(HOMOCLAVE)}`;
    const body = `${letters}${date}${homoclave}`;
    const rfc = `${body}${rfcCheckDigit(body)}`;
    if (taken.has(rfc) || !checkRfc(rfc).valid) continue;
    taken.add(rfc);
    return { rfc, legalName, personType: individual ? 'individual' : 'legal_entity', contactName };
  }
}

const HOMOCLAVE = [...'123456789ABCDEFGHIJKLMNPQRSTUVWXYZ'];

/** Letters for the RFC from a name, accents removed, padded with X; never one of the generic RFCs' XAXX/XEXX. */
function initials(name: string, count: number): string {
  const letters = name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  const picked = (letters + 'XXXX').slice(0, count);
  return picked.startsWith('XAXX') || picked.startsWith('XEXX') ? `B${picked.slice(1)}` : picked;
}

export const STREETS = [
  'Av. Insurgentes Sur',
  'Av. Juárez',
  'Calle Hidalgo',
  'Av. Reforma',
  'Calle Morelos',
  'Blvd. Adolfo López Mateos',
  'Av. Vallarta',
  'Calle 60',
];

export const QUESTIONS = [
  '¿Se aceptan productos equivalentes a la marca de referencia?',
  '¿Cuál es el plazo de entrega a partir de la firma del contrato?',
  '¿Se requiere garantía de cumplimiento y de qué porcentaje?',
  '¿Las entregas se realizan en una sola exhibición o parciales?',
  '¿Puede precisarse el lugar de entrega de los bienes?',
  '¿Se permite la participación conjunta de dos o más personas?',
  '¿Qué vigencia deben tener los certificados de calidad?',
];

export const ANSWERS = [
  'Sí, siempre que cumplan las especificaciones técnicas del anexo.',
  'Veinte días naturales a partir de la firma del contrato.',
  'Se requiere garantía de cumplimiento del 10 % del monto del contrato.',
  'Las entregas serán parciales conforme al calendario del anexo técnico.',
  'El almacén central de la convocante, en el domicilio señalado en la convocatoria.',
];

export const NON_COMPLIANCE_REASONS = [
  'No presentó la carta de garantía solicitada.',
  'La ficha técnica no acredita las especificaciones mínimas.',
  'No acreditó la experiencia mínima requerida.',
  'El escrito de no inhabilitación no está firmado.',
];

export const DIRECT_AWARD_JUSTIFICATIONS = [
  { article: 'LAASSP art. 41 fr. I', text: 'Bienes con derechos exclusivos de distribución (patente).' },
  { article: 'LAASSP art. 41 fr. II', text: 'Caso fortuito que pone en riesgo la operación de la unidad.' },
  { article: 'LAASSP art. 41 fr. VII', text: 'Procedimiento de licitación declarado desierto.' },
  { article: 'LAASSP art. 42', text: 'Monto dentro de los máximos autorizados para adjudicación directa.' },
];

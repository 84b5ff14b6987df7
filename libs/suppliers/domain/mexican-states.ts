/** Mexico's 32 federal entities by their ISO 3166-2:MX code (Ciudad de México is MX-CMX since 2016). */
export const MEXICAN_STATES = {
  'MX-AGU': 'Aguascalientes',
  'MX-BCN': 'Baja California',
  'MX-BCS': 'Baja California Sur',
  'MX-CAM': 'Campeche',
  'MX-CHP': 'Chiapas',
  'MX-CHH': 'Chihuahua',
  'MX-CMX': 'Ciudad de México',
  'MX-COA': 'Coahuila de Zaragoza',
  'MX-COL': 'Colima',
  'MX-DUR': 'Durango',
  'MX-GUA': 'Guanajuato',
  'MX-GRO': 'Guerrero',
  'MX-HID': 'Hidalgo',
  'MX-JAL': 'Jalisco',
  'MX-MEX': 'México',
  'MX-MIC': 'Michoacán de Ocampo',
  'MX-MOR': 'Morelos',
  'MX-NAY': 'Nayarit',
  'MX-NLE': 'Nuevo León',
  'MX-OAX': 'Oaxaca',
  'MX-PUE': 'Puebla',
  'MX-QUE': 'Querétaro',
  'MX-ROO': 'Quintana Roo',
  'MX-SLP': 'San Luis Potosí',
  'MX-SIN': 'Sinaloa',
  'MX-SON': 'Sonora',
  'MX-TAB': 'Tabasco',
  'MX-TAM': 'Tamaulipas',
  'MX-TLA': 'Tlaxcala',
  'MX-VER': 'Veracruz de Ignacio de la Llave',
  'MX-YUC': 'Yucatán',
  'MX-ZAC': 'Zacatecas',
} as const;

export type MexicanState = keyof typeof MEXICAN_STATES;

export const isMexicanState = (code: unknown): code is MexicanState =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(MEXICAN_STATES, code);

/** English for the feeds and calendars (/calendario, Atom links, desk calendars; spread into EN by en.ts). */
export const FEEDS_EN: Record<string, string> = {
  'Calendario de contrataciones': 'Procurement calendar',
  Calendario: 'Calendar',
  'Fechas límite de preguntas, de presentación de propuestas, actos de apertura y subastas de los procedimientos públicos.':
    'Questions deadlines, proposal deadlines, opening acts and auctions of public procedures.',
  'Filtrar el calendario': 'Filter the calendar',
  Filtrar: 'Filter',
  Meses: 'Months',
  'Mes anterior': 'Previous month',
  'Mes siguiente': 'Next month',
  'Suscribirse con tu aplicación de calendario (iCalendar)': 'Subscribe with your calendar app (iCalendar)',
  'Procedimientos de esta búsqueda (Atom)': 'Procedures of this search (Atom)',
  'No hay fechas en este mes para la búsqueda.': 'No dates this month for the search.',
  '{n} fecha': '{n} date',
  '{n} fechas': '{n} dates',
  'Fecha límite de preguntas (junta de aclaraciones)': 'Questions deadline (clarification meeting)',
  'Fecha límite para presentar propuestas': 'Proposal submission deadline',
  'Acto de presentación y apertura de propuestas': 'Proposal opening act',
  'Cambios de este procedimiento (Atom)': 'Changes of this procedure (Atom)',
  'Calendario de mis fechas': 'Calendar of my dates',
  'Agrega tus fechas (preguntas, presentación y apertura de propuestas, subastas) a tu aplicación de calendario con una dirección secreta.':
    'Add your dates (questions, proposal submission and opening, auctions) to your calendar app with a secret address.',
  'Dirección para suscribirse (no la compartas)': 'Address to subscribe to (do not share it)',
  'Generar otra dirección (la anterior deja de funcionar)': 'Make another address (the previous one stops working)',
  'Obtener dirección del calendario': 'Get the calendar address',
};

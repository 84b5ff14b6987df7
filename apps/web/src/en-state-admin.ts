/** English for the state administrator's desk (pages/state-admin-desk.tsx; spread into EN by en.ts). */
export const STATE_ADMIN_EN: Record<string, string> = {
  'Administración estatal': 'State administration',
  'Entra con tu cuenta de administrador estatal.': 'Sign in with your state administrator account.',
  'Organizaciones de mi estado': "My state's organisations",
  'Tu estado aún no está en el árbol de gobierno: lo registra el registrador.':
    'Your state is not in the government tree yet: the registrar registers it.',
  'Ley aplicable': 'Applicable law',
  'Ocultar ley aplicable': 'Hide the applicable law',
  'Bienes, servicios y arrendamientos': 'Goods, services and leasing',
  'Con recursos federales': 'With federal funds',
  'Sin ley configurada': 'No law configured',
  'Sin verificar': 'Not verified',
  'Organización federal: ley federal.': 'Federal organisation: federal law.',
  'Recursos federales: ley federal (LAASSP y LOPSRM, art. 1 fr. VI).':
    'Federal funds: federal law (LAASSP and LOPSRM, art. 1 sec. VI).',
  'Recursos propios: ley del estado.': "Own funds: the state's law.",
  'Recursos propios: la ley de este estado aún no está configurada en Licita.':
    "Own funds: this state's law is not configured in Licita yet.",
  'Registrar municipio': 'Register a municipality',
  'Clave INEGI del municipio': "Municipality's INEGI key",
  'Los 3 dígitos dentro del estado (039 para Guadalajara).': 'The 3 digits within the state (039 for Guadalajara).',
  'Municipio registrado: {name}': 'Municipality registered: {name}',
  'Registrar unidad compradora en una organización': 'Register a buying unit in an organisation',
  Organización: 'Organisation',
  'Unidades del estado sin organización': "The state's units without an organisation",
  'Ubicar unidad en una organización': 'Place a unit in an organisation',
  'Ubicar unidad': 'Place unit',
  'Unidad sin organización': 'Unit without an organisation',
};

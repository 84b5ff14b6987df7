/** English for amounts kept per currency (statistics, profiles) and their red flags; spread into EN by en.ts. */
export const AMOUNTS_EN: Record<string, string> = {
  'Contrato por monto 0': 'Contract of amount 0',
  'Licita: datos públicos de contrataciones. Montos con su moneda (pesos mexicanos salvo que diga otra), nunca sumados entre monedas; horas de la Ciudad de México.':
    'Licita: public procurement data. Amounts with their currency (Mexican pesos unless another is shown), never added across currencies; times in Mexico City.',
  'Moneda de las gráficas y tablas': 'Currency of the charts and tables',
  'Los montos en monedas distintas nunca se suman ni se convierten.':
    'Amounts in different currencies are never added together nor converted.',
  'Monto adjudicado ({currency})': 'Amount awarded ({currency})',
  'Principales proveedores ({currency})': 'Top suppliers ({currency})',
  'Por monto adjudicado en una moneda; nunca se suman monedas distintas:':
    'By amount awarded in one currency; different currencies are never added:',
  'Montos adjudicados y contratados por año ({currency})': 'Amounts awarded and contracted by year ({currency})',
};

/** English for amounts kept per currency (statistics, profiles) and their red flags; spread into EN by en.ts. */
export const AMOUNTS_EN: Record<string, string> = {
  'Contrato por monto 0': 'Contract of amount 0',
};

/** English for the practice mode's texts (sandbox.tsx, the buyer's time acceleration). */
export const SANDBOX_EN: Record<string, string> = {
  'Modo de práctica: ninguna licitación, propuesta ni contrato de este sitio es real.':
    'Practice mode: no tender, proposal or contract on this site is real.',
  'Aceleración del tiempo': 'Time acceleration',
  'Práctica: los plazos se dividen entre este factor (1440 = un día por minuto).':
    'Practice: the periods are divided by this factor (1440 = one day per minute).',
  'Tiempo acelerado ×{factor}': 'Accelerated time ×{factor}',
};

/** English for the legal rule of a submission period and a practice tender's acceleration, where they are shown. */
export const LEGAL_EN: Record<string, string> = {
  'Plazo mínimo': 'Minimum period',
  '{days} días naturales — {citation} (versión {version}), contados en días naturales de la Ciudad de México':
    '{days} calendar days — {citation} ({version} version), counted in Mexico City calendar days',
  '(plazo reducido con justificación escrita)': '(shortened with a written justification)',
  '; la política de la plataforma exige {days} días': '; the platform’s policy requires {days} days',
  'Referencia: {reference}, DOF {dof}.': 'Reference: {reference}, DOF {dof}.',
  'Verificada contra el texto publicado.': 'Checked against the published text.',
  'Sin verificar contra el texto publicado en el DOF.': 'Not checked against the text published in the DOF.',
  'Tiempo acelerado ×{factor} (práctica)': 'Accelerated time ×{factor} (practice)',
  'cada plazo de la ley se divide entre {factor} (un día dura {seconds} s).':
    'every period of the law is divided by {factor} (a day lasts {seconds} s).',
  'Práctica: se divide entre {factor} (tiempo acelerado); dura {seconds} s reales.':
    'Practice: divided by {factor} (accelerated time); it lasts {seconds} real seconds.',
};

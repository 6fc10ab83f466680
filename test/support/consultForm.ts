/** A complete, valid consult form for Westelijke Mijnstreek; tests override what matters to them. */
export const CONSULT_FORM = {
  patientInitials: 'J.A.',
  patientBirthYear: '1942',
  setting: 'thuis',
  subRegionId: 'westelijke-mijnstreek',
  form: 'telefonisch',
  urgency: 'vandaag',
  complexity: 'complex',
  dimensions: 'fysiek',
  question: 'Toenemende pijn ondanks oxycodon, wat nu?',
  callbackPhone: '046 411 0101',
};

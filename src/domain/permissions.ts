import type { Role } from './network.js';

/**
 * Who may do what: the one table every handler consults. A person's role comes from the
 * network configuration, never from what they type.
 */
export const ACTIONS = {
  'consult.request': 'Een consult aanvragen',
  'consult.respond': 'Een consult accepteren of weigeren',
  'consult.close': 'Een consult afronden en de contacten registreren',
  'consult.relay': 'Berichten uitwisselen binnen een lopend consult',
  'consult.list': 'Uw lopende consulten bekijken',
  'roster.view': 'Zien wie er nu en straks dienst heeft',
  'roster.gaps': 'Gaten in de roosters van de komende 14 dagen zien',
  'acp.view': 'Het PZP/ACP van een eigen patiënt inzien (met toestemming van de patiënt)',
  'acp.import': 'Een PZP/ACP inlezen uit een FHIR-bestand',
  'outcome.register': 'Het overlijden van een patiënt registreren voor de kwaliteitscijfers',
  'stats.view': 'Consultatiestatistiek van de eigen regio bekijken',
  'export.tapas': 'TAPA$-contacten van de eigen regio exporteren voor de kassier',
  'export.kpi': 'Kwartaalcijfers van de eigen regio exporteren',
  'audit.verify': 'De audittrail op onveranderdheid controleren',
  'audit.patient': 'Zien wie de gegevens van één patiënt inzag of wijzigde',
} as const;
export type Action = keyof typeof ACTIONS;

const PERMISSIONS: Record<Role, readonly Action[]> = {
  generalist: ['consult.request', 'consult.relay', 'consult.list', 'acp.view', 'acp.import', 'outcome.register'],
  specialist: ['consult.request', 'consult.respond', 'consult.close', 'consult.relay', 'consult.list', 'acp.view', 'acp.import', 'roster.view'],
  coordinator: ['consult.list', 'roster.view', 'roster.gaps', 'outcome.register', 'stats.view', 'export.tapas', 'export.kpi'],
  admin: ['consult.list', 'roster.view', 'roster.gaps', 'outcome.register', 'stats.view', 'export.tapas', 'export.kpi', 'audit.verify', 'audit.patient'],
};

export function may(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

export function actionsFor(role: Role): Action[] {
  return [...PERMISSIONS[role]];
}

import type { Role } from './network.js';

/**
 * Who may do what: the one table every handler consults. A person's role comes from the
 * network configuration, never from what they type.
 */
export const ACTIONS = [
  'consult.request',
  'consult.respond',
  'consult.close',
  'consult.relay',
  'consult.list',
  'roster.view',
  'roster.gaps',
  'roster.away',
  'roster.swap',
  'roster.approve',
  'acp.view',
  'acp.import',
  'outcome.register',
  'stats.view',
  'export.tapas',
  'export.kpi',
  'audit.verify',
  'audit.patient',
  'mdo.view',
  'mdo.plan',
  'mdo.agenda',
] as const;
/** What each action means to a user is in the help card (src/bot/helpHandler.ts). */
export type Action = (typeof ACTIONS)[number];

const PERMISSIONS: Record<Role, readonly Action[]> = {
  generalist: ['consult.request', 'consult.relay', 'consult.list', 'acp.view', 'acp.import', 'outcome.register', 'mdo.view', 'mdo.plan', 'mdo.agenda'],
  specialist: ['consult.request', 'consult.respond', 'consult.close', 'consult.relay', 'consult.list', 'acp.view', 'acp.import', 'roster.view', 'roster.away', 'roster.swap', 'mdo.view', 'mdo.plan', 'mdo.agenda'],
  coordinator: ['consult.list', 'roster.view', 'roster.gaps', 'roster.approve', 'outcome.register', 'stats.view', 'export.tapas', 'export.kpi'],
  admin: ['consult.list', 'roster.view', 'roster.gaps', 'roster.approve', 'outcome.register', 'stats.view', 'export.tapas', 'export.kpi', 'audit.verify', 'audit.patient'],
};

export function may(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

export function actionsFor(role: Role): Action[] {
  return [...PERMISSIONS[role]];
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Attachment } from 'botbuilder';
import type { AdaptiveCard } from '@microsoft/teams-ai';
import { PROJECT_ROOT } from '../projectRoot.js';

const CARDS_DIR = join(PROJECT_ROOT, 'cards');

export type CardName = 'consult-form' | 'consult-status' | 'consult-offer' | 'consult-close' | 'consult-choose' | 'help' | 'notice' | 'roster' | 'statistics' | 'download' | 'death-form' | 'acp-summary'
  | 'roster-swap-form' | 'roster-swap'
  | 'mdo-meeting' | 'mdo-thread' | 'mdo-plan-form' | 'mdo-item-form' | 'mdo-outcome-form' | 'mdo-attendance-form' | 'mdo-outcome';

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let loaded = templates.get(name);
  if (!loaded) {
    loaded = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, loaded);
  }
  return loaded;
}

/** Expands a card template from `cards/` with its data; cards are never glued together in code. */
export function renderCard(name: CardName, data: object): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}

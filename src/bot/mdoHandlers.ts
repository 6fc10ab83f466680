import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { localDay } from '../domain/calendar.js';
import type { Consult } from '../domain/consult.js';
import { addDays } from '../domain/roster.js';
import { chairsNow, invitees, mayView, visibleItems, type MdoMeeting, type MdoRefusal } from '../domain/mdo.js';
import type { Person } from '../domain/network.js';
import type { Action } from '../domain/permissions.js';
import { normaliseMeetingRef, patientPseudonym, TYPED_REF_BODY } from '../domain/references.js';
import { ACP_NOT_AVAILABLE } from '../services/acpService.js';
import type { NewItem } from '../services/mdoService.js';
import { showAcp } from './acpHandlers.js';
import { ALREADY_HANDLED, cardAction as registerCardAction, notice, STALE_CARD, type ActionOutcome } from './cardActions.js';
import { cardAttachment, renderCard } from './cards.js';
import { permittedPerson, refusedText, type BotDependencies } from './context.js';
import { formValues, type FormValues } from './forms.js';
import { parseAttendanceSubmit, parseItemSubmit, parseOutcomeSubmit, parsePlanSubmit, MAX_ACTIONS, ITEM_FIELDS, PLAN_FIELDS, type ItemSubmit } from './mdoForms.js';
import { countOf } from './format.js';
import { meetingTitle, meetingWhen, peopleOf, recurrenceText } from './mdoView.js';

export const MDO_LIST = /^\s*(mdo|mdo's|mdos|mijn mdo's|my mdos)\s*$/i;
const MDO_OPEN = /^\s*mdo\s+(m-?[0-9a-z]{4})\s*$/i;
const MDO_PLAN = /^\s*(mdo plannen|plan mdo|mdo plan)\s*$/i;
const MDO_AGENDA = /^\s*(mdo agenderen|agenderen|mdo add patient)\s*$/i;
const MDO_MESSAGE = new RegExp(String.raw`^\s*(m${TYPED_REF_BODY})\s*[:>-]?\s+(\S[\s\S]*)$`, 'i');

const MeetingData = z.object({ meetingId: z.string().min(1).max(200) });
const ItemData = MeetingData.extend({ itemId: z.uuid() });
const NOT_A_PARTICIPANT = 'Dit MDO bestaat niet of u neemt er niet aan deel. Er is niets gewijzigd.';
const NOT_IN_KERNTEAM = 'U bent geen lid van een kernteam. Vraag uw netwerkcoördinator u toe te voegen aan het kernteam van uw praktijk, afdeling of team.';

export function registerMdoHandlers(app: Application, deps: BotDependencies): void {
  const { directory, store, mdo, mdoNotifier } = deps;

  // A redelivered action on a meeting gets the meeting card as it stands now.
  const currentCard = async (person: Person, data: { meetingId?: string }): Promise<ActionOutcome> => (data.meetingId ? meetingCard(data.meetingId, person) : { card: ALREADY_HANDLED });
  const cardAction = <T extends object>(verb: string, action: Action, schema: z.ZodType<T>, handle: Parameters<typeof registerCardAction<T>>[5]) =>
    registerCardAction(app, deps, verb, action, schema, handle, currentCard);

  /** The meeting card for this person, or a refusal that reveals nothing when they may not see the meeting. */
  async function meetingCard(meetingId: string, person: Person, text = '', refusal?: MdoRefusal): Promise<ActionOutcome> {
    const meeting = await store.mdo.meeting(meetingId);
    const kernteam = meeting && directory.kernteam(meeting.kernteamId);
    if (!meeting || !kernteam || !mayView(meeting, kernteam, person.id)) return { card: notice(NOT_A_PARTICIPANT), result: 'geweigerd', detail: 'geen deelnemer' };
    await mdoNotifier.auditShown(meeting, person.id, 'MDO-kaart getoond');
    return {
      card: await mdoNotifier.cardFor(meeting, person.id, refusal ? `${refusal.message} Er is niets gewijzigd.` : text),
      detail: `${meeting.ref}${refusal ? `: ${refusal.code}` : ''}`,
      ...(refusal ? { result: 'geweigerd' as const } : {}),
    };
  }

  const afterChange = (meetingId: string, person: Person, done: string) => async (outcome: { ok: true; meeting: MdoMeeting } | { ok: false; refusal: MdoRefusal }) =>
    meetingCard(meetingId, person, outcome.ok ? done : '', outcome.ok ? undefined : outcome.refusal);

  /** Sends a card as the answer to a message and remembers where it is, so it updates in place. */
  async function replyWithMeeting(context: TurnContext, meeting: MdoMeeting, person: Person): Promise<void> {
    const sent = await context.sendActivity({ attachments: [cardAttachment(await mdoNotifier.cardFor(meeting, person.id))] });
    if (sent?.id) await store.cardHandles.save(meeting.id, person.id, sent.id);
    await mdoNotifier.auditShown(meeting, person.id, 'MDO-kaart getoond');
  }

  app.message(MDO_LIST, async (context) => {
    const person = await permittedPerson(context, deps, 'mdo.view');
    if (!person) return;
    const meetings = await mdo.upcomingFor(person.id);
    await deps.audit.record({ context, person }, 'mdo.list', 'toegestaan', { detail: `${meetings.length} MDO's` });
    if (meetings.length === 0) {
      await context.sendActivity(directory.kernteamsOf(person.id).length > 0 ? "U heeft geen MDO-PZ in de komende twee weken. Plan er een met 'mdo plannen'." : NOT_IN_KERNTEAM);
      return;
    }
    const lines = meetings.map((m) => {
      const kernteam = mdo.kernteamOf(m);
      const items = visibleItems(m, kernteam, person.id).length;
      const status = m.participants.includes(person.id) ? 'u neemt deel' : 'u neemt (nog) niet deel';
      return `- **${m.ref}** · ${meetingWhen(m)} · ${kernteam.name} · ${countOf(items, 'patiënt', 'patiënten')} · ${status}`;
    });
    await context.sendActivity(`Uw komende MDO-PZ’s:\n\n${lines.join('\n')}\n\nTyp "mdo ${meetings[0]!.ref}" om de kaart met agenda en deelnemers te openen.`);
  });

  app.message(MDO_OPEN, async (context) => {
    const person = await permittedPerson(context, deps, 'mdo.view');
    if (!person) return;
    const meeting = await store.mdo.meetingByRef(normaliseMeetingRef(MDO_OPEN.exec(context.activity.text ?? '')![1]!) ?? '');
    const kernteam = meeting && directory.kernteam(meeting.kernteamId);
    if (!meeting || !kernteam || !mayView(meeting, kernteam, person.id)) {
      await deps.audit.record({ context, person }, 'mdo.view', 'geweigerd', { detail: 'geen deelnemer' });
      await context.sendActivity(NOT_A_PARTICIPANT);
      return;
    }
    await replyWithMeeting(context, meeting, person);
  });

  app.message(MDO_PLAN, async (context) => {
    const person = await permittedPerson(context, deps, 'mdo.plan');
    if (!person) return;
    const kernteams = directory.kernteamsOf(person.id);
    if (kernteams.length === 0) {
      await context.sendActivity(NOT_IN_KERNTEAM);
      return;
    }
    await context.sendActivity({ attachments: [cardAttachment(planForm(person, randomUUID(), {}))] });
  });

  app.message(MDO_AGENDA, async (context) => {
    const person = await permittedPerson(context, deps, 'mdo.agenda');
    if (!person) return;
    if (directory.kernteamsOf(person.id).length === 0) {
      await context.sendActivity(NOT_IN_KERNTEAM);
      return;
    }
    await context.sendActivity({ attachments: [cardAttachment(itemForm(person, randomUUID(), {}, []))] });
  });

  app.message(MDO_MESSAGE, async (context) => {
    const person = await permittedPerson(context, deps, 'mdo.view');
    if (!person) return;
    const [, ref, text] = MDO_MESSAGE.exec(context.activity.text ?? '')!;
    if (await refusedText(context, deps, person, 'mdo.relay', text!.trim())) return;
    const meeting = await store.mdo.meetingByRef(normaliseMeetingRef(ref!) ?? '');
    const outcome = meeting ? await mdo.relay(person, meeting.id, text!.trim()) : undefined;
    await deps.audit.record({ context, person }, 'mdo.relay', outcome?.ok ? 'toegestaan' : 'geweigerd', meeting ? { objectId: meeting.id } : {});
    if (!outcome?.ok) {
      await context.sendActivity(NOT_A_PARTICIPANT);
      return;
    }
    const others = outcome.meeting.participants.filter((p) => p !== person.id).length;
    await context.sendActivity(others > 0 ? `Uw bericht is doorgestuurd naar ${countOf(others, 'deelnemer', 'deelnemers')} van MDO ${outcome.meeting.ref}.` : `Er zijn nog geen andere deelnemers aan MDO ${outcome.meeting.ref}; uw bericht is niet doorgestuurd.`);
  });

  function planForm(person: Person, formId: string, values: FormValues, errors: { text: string }[] = []) {
    const kernteams = directory.kernteamsOf(person.id).map((k) => ({ id: k.id, name: k.name }));
    const tomorrow = addDays(localDay(deps.clock()).date, 1);
    const filled = { kernteamId: kernteams[0]?.id ?? '', repeat: 'eenmalig', date: tomorrow, time: '12:30', durationMinutes: '60', location: '', meetingUrl: '', ...values };
    return renderCard('mdo-plan-form', { formId, kernteams, values: filled, errors });
  }

  /** The agenda form; from a consult, the patient and question come from the consult. */
  function itemForm(person: Person, itemId: string, values: FormValues, errors: { text: string }[], consult?: Consult) {
    const own = directory.kernteamsOf(person.id);
    const preferred = consult ? (own.find((k) => k.kind === 'specialistisch' && k.subRegionId === consult.request.subRegionId) ?? own.find((k) => k.kind === 'specialistisch')) : undefined;
    const filled = {
      kernteamId: preferred?.id ?? own[0]?.id ?? '',
      patientInitials: '',
      patientBirthYear: '',
      localPatientNumber: '',
      question: consult?.request.question ?? '',
      dimensions: consult?.request.dimensions.join(',') ?? '',
      newlyMarked: 'nee',
      ...values,
    };
    return renderCard('mdo-item-form', {
      itemId,
      consultId: consult?.id ?? '',
      fromConsult: Boolean(consult),
      patientFromConsult: consult ? `${consult.request.patientInitials} (${consult.request.patientBirthYear}), consult ${consult.ref}` : '',
      intro: consult
        ? 'De patiënt komt op het eerstvolgende MDO van het gekozen kernteam. De aanvrager van het consult wordt uitgenodigd om voor deze patiënt deel te nemen.'
        : 'Geen naam of BSN: initialen en geboortejaar volstaan. De patiënt komt op het eerstvolgende MDO van het gekozen kernteam.',
      kernteams: own.map((k) => ({ id: k.id, name: k.name })),
      values: filled,
      errors,
    });
  }

  /** A consult this specialist accepted, from which they may put the patient on an MDO agenda. */
  async function ownConsult(consultId: string, person: Person): Promise<Consult | undefined> {
    const consult = await store.consults.get(consultId);
    return consult && consult.acceptedBy === person.id && (consult.status === 'geaccepteerd' || consult.status === 'afgerond') ? consult : undefined;
  }

  cardAction('mdo.plan', 'mdo.plan', z.object({ formId: z.uuid() }), async (_context, person, data, raw) => {
    const parsed = parsePlanSubmit(raw);
    if (!parsed.ok) return { card: planForm(person, data.formId, parsed.values, parsed.errors), result: 'geweigerd', detail: 'ongeldig formulier' };
    const outcome = await mdo.plan(person, parsed.value, data.formId);
    if (!outcome.ok) return { card: planForm(person, data.formId, formValues(raw, PLAN_FIELDS), [{ text: outcome.refusal.message }]), result: 'geweigerd', detail: outcome.refusal.code };
    const kernteam = mdo.kernteamOf(outcome.meeting);
    const link = await store.mdoChannels.link(kernteam.id);
    const outside = kernteam.members.filter((id) => !link?.memberIds.includes(id)).length;
    const where = link
      ? `De MDO-kaart staat als draad in het kanaal van ${kernteam.name}${outside > 0 ? ` en in de chat van ${outside === 1 ? 'het lid' : `de ${outside} leden`} buiten het kanaal` : ''}.`
      : `De ${kernteam.members.length} leden van ${kernteam.name} hebben de MDO-kaart in hun chat gekregen.`;
    return {
      card: notice(`Gepland (${recurrenceText(parsed.value.recurrence)}): eerste MDO ${outcome.meeting.ref} op ${meetingWhen(outcome.meeting)}. ${where}`, 'MDO-PZ gepland'),
      detail: outcome.meeting.ref,
    };
  });

  // The agenda form comes as a new message: the consult card stays in place with Afronden and Bellen.
  cardAction('mdo.fromConsult', 'mdo.agenda', z.object({ consultId: z.uuid() }), async (context, person, data) => {
    const consult = await ownConsult(data.consultId, person);
    if (!consult) return { card: STALE_CARD, result: 'geweigerd', detail: 'niet de houder van het consult' };
    if (directory.kernteamsOf(person.id).length === 0) return { card: await deps.notifier.cardFor(consult, person.id, { notice: NOT_IN_KERNTEAM }), result: 'geweigerd', detail: 'geen kernteam', consult };
    await context.sendActivity({ attachments: [cardAttachment(itemForm(person, randomUUID(), {}, [], consult))] });
    return { card: await deps.notifier.cardFor(consult, person.id, { notice: 'Het formulier om de patiënt voor het MDO te agenderen staat hieronder.' }), consult };
  });

  cardAction('mdo.addItem', 'mdo.agenda', z.object({ itemId: z.uuid(), consultId: z.union([z.literal(''), z.uuid()]) }), async (context, person, data, raw) => {
    const consult = data.consultId ? await ownConsult(data.consultId, person) : undefined;
    if (data.consultId && !consult) return { card: STALE_CARD, result: 'geweigerd', detail: 'niet de houder van het consult' };
    const parsed = parseItemSubmit(raw, Boolean(consult));
    if (!parsed.ok) return { card: itemForm(person, data.itemId, parsed.values, parsed.errors, consult), result: 'geweigerd', detail: 'ongeldig formulier' };
    const item = await newItem(person, parsed.value, consult);
    const outcome = await mdo.addItem(person, parsed.value.kernteamId, item, data.itemId);
    if (!outcome.ok) {
      return { card: itemForm(person, data.itemId, formValues(raw, ITEM_FIELDS), [{ text: outcome.refusal.message }], consult), result: 'geweigerd', detail: outcome.refusal.code, patientRef: item.patientRef };
    }
    if (context.activity.replyToId) await store.cardHandles.save(outcome.meeting.id, person.id, context.activity.replyToId);
    const invited = outcome.meeting.agenda.find((i) => i.id === data.itemId)?.guests.map((id) => directory.person(id)?.name).filter(Boolean) ?? [];
    const done = `${item.patientLabel} staat op de agenda.${invited.length > 0 ? ` ${invited.join(', ')} is uitgenodigd om voor deze patiënt deel te nemen.` : ''}`;
    return { ...(await meetingCard(outcome.meeting.id, person, done)), patientRef: item.patientRef };
  });

  async function newItem(person: Person, submit: ItemSubmit, consult?: Consult): Promise<NewItem> {
    const patientRef = consult
      ? consult.patientRef
      : patientPseudonym(deps.patientRefSecret, { initials: submit.patient!.patientInitials, birthYear: submit.patient!.patientBirthYear, localPatientNumber: submit.patient!.localPatientNumber, organisationId: person.organisationId });
    const requesterId = consult?.requesterId ?? person.id;
    const requester = directory.person(requesterId);
    const regiebehandelaarId = (await store.acps.get(patientRef))?.regiebehandelaarId ?? (requester?.role === 'generalist' ? requesterId : undefined);
    const localPatientNumber = consult ? consult.request.localPatientNumber : submit.patient!.localPatientNumber;
    return {
      patientRef,
      patientLabel: consult ? `${consult.request.patientInitials} (${consult.request.patientBirthYear})` : `${submit.patient!.patientInitials} (${submit.patient!.patientBirthYear})`,
      ...(localPatientNumber ? { localPatientNumber } : {}),
      question: submit.question,
      dimensions: submit.dimensions,
      newlyMarked: submit.newlyMarked,
      requesterId,
      ...(regiebehandelaarId ? { regiebehandelaarId } : {}),
      ...(consult ? { consultId: consult.id, consultRef: consult.ref } : {}),
    };
  }

  cardAction('mdo.refresh', 'mdo.view', MeetingData, async (_context, person, data) => meetingCard(data.meetingId, person));
  cardAction('mdo.join', 'mdo.view', MeetingData, async (_context, person, data) =>
    afterChange(data.meetingId, person, 'U neemt deel aan dit MDO.')(await mdo.join(person, data.meetingId)),
  );
  cardAction('mdo.leave', 'mdo.view', MeetingData, async (_context, person, data) =>
    afterChange(data.meetingId, person, 'U bent afgemeld voor dit MDO.')(await mdo.leave(person, data.meetingId)),
  );
  cardAction('mdo.removeItem', 'mdo.agenda', ItemData, async (_context, person, data) => {
    const patientRef = (await store.mdo.meeting(data.meetingId))?.agenda.find((i) => i.id === data.itemId)?.patientRef;
    const outcome = await afterChange(data.meetingId, person, 'De patiënt is van de agenda gehaald.')(await mdo.removeItem(person, data.meetingId, data.itemId));
    return { ...outcome, ...(patientRef ? { patientRef } : {}) };
  });

  cardAction('mdo.acp', 'acp.view', ItemData, async (context, person, data) => {
    const meeting = await store.mdo.meeting(data.meetingId);
    const kernteam = meeting && directory.kernteam(meeting.kernteamId);
    const item = meeting && kernteam ? visibleItems(meeting, kernteam, person.id).find((i) => i.id === data.itemId) : undefined;
    const record = item ? await deps.acps.forMdoParticipant(person, item.patientRef) : undefined;
    if (!item || !record) return { ...(await meetingCard(data.meetingId, person, ACP_NOT_AVAILABLE)), result: 'geweigerd', ...(item ? { patientRef: item.patientRef } : {}) };
    await showAcp(context, person, record, deps, `MDO ${meeting!.ref}`);
    return { ...(await meetingCard(data.meetingId, person, 'Het ACP staat hieronder in de chat.')), patientRef: item.patientRef };
  });

  /** The chair's forms: only the chair gets them, and only once the meeting has started. */
  async function chairsMeeting(meetingId: string, person: Person): Promise<MdoMeeting | undefined> {
    const meeting = await store.mdo.meeting(meetingId);
    return meeting && chairsNow(meeting, person.id, deps.clock()) ? meeting : undefined;
  }

  function outcomeForm(meeting: MdoMeeting, itemId: string, values: FormValues, errors: { text: string }[]) {
    const kernteam = mdo.kernteamOf(meeting);
    const item = meeting.agenda.find((i) => i.id === itemId)!;
    const filled = { discussed: 'ja', advice: '', izpUpdate: 'nee', followUpDate: '', ...values };
    return renderCard('mdo-outcome-form', {
      meetingId: meeting.id,
      itemId,
      patient: item.patientLabel,
      meeting: meetingTitle(meeting, kernteam),
      question: item.question,
      owners: peopleOf(meeting, kernteam, directory),
      actionRows: Array.from({ length: MAX_ACTIONS }, (_, i) => ({ n: i + 1, text: values[`action${i + 1}`] ?? '', owner: values[`owner${i + 1}`] ?? '' })),
      values: filled,
      errors,
    });
  }

  cardAction('mdo.outcomeForm', 'mdo.view', ItemData, async (_context, person, data) => {
    const meeting = await chairsMeeting(data.meetingId, person);
    const item = meeting?.agenda.find((i) => i.id === data.itemId);
    if (!meeting || !item || item.outcome) return meetingCard(data.meetingId, person, '', { code: 'not-chair', message: 'Alleen de voorzitter legt uitkomsten vast, vanaf het begin van het MDO en één keer per patiënt.' });
    return { card: outcomeForm(meeting, data.itemId, {}, []), patientRef: item.patientRef };
  });

  cardAction('mdo.outcome', 'mdo.view', ItemData, async (_context, person, data, raw) => {
    const meeting = await store.mdo.meeting(data.meetingId);
    const item = meeting?.agenda.find((i) => i.id === data.itemId);
    if (!meeting || !item) return meetingCard(data.meetingId, person);
    const parsed = parseOutcomeSubmit(raw, invitees(meeting, mdo.kernteamOf(meeting)), meeting.date);
    if (!parsed.ok) return { card: outcomeForm(meeting, data.itemId, parsed.values, parsed.errors), result: 'geweigerd', detail: 'ongeldig formulier', patientRef: item.patientRef };
    const outcome = await mdo.recordOutcome(person, data.meetingId, data.itemId, parsed.value);
    const told = [...new Set([item.requesterId, item.regiebehandelaarId].filter(Boolean))].map((id) => directory.person(id!)?.name).join(' en ');
    return { ...(await afterChange(data.meetingId, person, `Uitkomst voor ${item.patientLabel} vastgelegd en gestuurd naar ${told}.`)(outcome)), patientRef: item.patientRef };
  });

  function attendanceForm(meeting: MdoMeeting, values: FormValues, errors: { text: string }[]) {
    const kernteam = mdo.kernteamOf(meeting);
    const filled = { present: meeting.participants.join(','), minutesPerPatient: '15', ...values };
    return renderCard('mdo-attendance-form', { meetingId: meeting.id, meeting: meetingTitle(meeting, kernteam), people: peopleOf(meeting, kernteam, directory), values: filled, errors });
  }

  cardAction('mdo.attendanceForm', 'mdo.view', MeetingData, async (_context, person, data) => {
    const meeting = await chairsMeeting(data.meetingId, person);
    if (!meeting || meeting.attendance) return meetingCard(data.meetingId, person, '', { code: 'not-chair', message: 'Alleen de voorzitter legt de aanwezigheid vast, vanaf het begin van het MDO en één keer.' });
    return { card: attendanceForm(meeting, {}, []), detail: meeting.ref };
  });

  cardAction('mdo.attendance', 'mdo.view', MeetingData, async (_context, person, data, raw) => {
    const meeting = await store.mdo.meeting(data.meetingId);
    if (!meeting || !directory.kernteam(meeting.kernteamId)) return meetingCard(data.meetingId, person);
    const parsed = parseAttendanceSubmit(raw, invitees(meeting, mdo.kernteamOf(meeting)));
    if (!parsed.ok) return { card: attendanceForm(meeting, parsed.values, parsed.errors), result: 'geweigerd', detail: 'ongeldig formulier' };
    const outcome = await mdo.recordAttendance(person, data.meetingId, parsed.value.present, parsed.value.minutesPerPatient);
    return afterChange(data.meetingId, person, 'Aanwezigheid vastgelegd.')(outcome);
  });
}


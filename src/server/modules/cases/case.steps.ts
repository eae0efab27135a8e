// The steps a union takes on a case besides moving its state: evidence files, letters (发函) with their
// replies, consultations (会商) and meetings, the legal referral with the lawyer's confidential notes, and
// court status. Each is one transaction with its timeline event and audit record.
import { AppError, badField, fromFileError, notFound } from '../../platform/errors.js';
import { newId, nowOf, type Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit, writeAudits, type Actor, type AuditEntry } from '../../platform/audit.js';
import { checkUpload, FileError } from '../../platform/files.js';
import { notify } from '../notifications/index.js';
import { event, eventRow, factsOf, loadVisible, userIdOf } from './case.service.js';
import { handles, seatsOn } from './case.policy.js';
import type { CaseRow } from './case.repository.js';
import { batched, insertRows, type Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import { letterHtml } from './letters/letter.html.js';
import { letterPdf } from './letters/letter.pdf.js';
import { validateLetter, type LetterModel } from './letters/letter.js';

const finished = (r: CaseRow) => r.status === 'closed' || r.status === 'withdrawn';

async function handled(ctx: Ctx, p: Principal, id: string) {
  const row = await loadVisible(ctx.db, p, id);
  if (!handles(p, factsOf(row))) throw new AppError('forbidden', 'Only the case’s officer or the union chair can do this');
  return row;
}

// ---- evidence ------------------------------------------------------------------------------------------

/** A photo or PDF, sniffed, stripped of its metadata (GPS) and stored encrypted. */
export async function addFile(ctx: Ctx, p: Principal, id: string, upload: { bytes: Buffer; contentType: string | undefined; name: string; kind?: 'evidence' | 'letter_reply' | 'court' }, actor: Actor) {
  const row = await loadVisible(ctx.db, p, id);
  const seats = seatsOn(p, factsOf(row));
  if (!seats.length) throw notFound('No such case');
  if (finished(row)) throw new AppError('conflict', 'The case is finished', [{ path: 'file', code: 'case_finished', message: 'The case is finished' }]);
  let checked;
  try {
    checked = checkUpload(upload.bytes, upload.contentType, ctx.config.evidenceMaxBytes);
  } catch (err) {
    if (err instanceof FileError) throw fromFileError(err, 'file');
    throw err;
  }
  const fileId = newId();
  const now = nowOf(ctx);
  const name = upload.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || 'file';
  const by = userIdOf(p);
  await writeFiles(ctx.db, {
    file: { id: fileId, case_id: id, kind: upload.kind ?? 'evidence', name, mime: checked.type, size: checked.size, sha256: checked.sha256, content_enc: ctx.crypto.encryptBytes(checked.bytes), uploaded_by: by, created_at: now },
    event: eventRow(id, by, 'file_added', seats.includes('lawyer') && !seats.includes('worker') ? 'lawyer' : 'worker', { fileId, name, kind: upload.kind ?? 'evidence' }, now),
    notify: [row.worker_user_id, row.officer_user_id].filter((u): u is string => !!u && u !== by),
    caseNo: row.case_no,
    audit: { actor, entry: { action: 'case.file_add', targetType: 'case', targetId: id, details: { fileId, mime: checked.type, size: checked.size } } },
  });
  return { id: fileId, name, mime: checked.type, size: checked.size, sha256: checked.sha256 };
}

export async function readFile(ctx: Ctx, p: Principal, id: string, fileId: string, actor: Actor) {
  await loadVisible(ctx.db, p, id);
  const f = await ctx.db.selectFrom('case_files').selectAll().where('id', '=', fileId).where('case_id', '=', id).executeTakeFirst();
  if (!f) throw notFound('No such file');
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'case.file_read', targetType: 'case', targetId: id, details: { fileId } }));
  return { name: f.name, mime: f.mime, bytes: ctx.crypto.decryptBytes(f.content_enc) };
}

type FileWrite = { file: Database['case_files']; event: Database['case_events']; notify: string[]; caseNo: string; audit: { actor: Actor; entry: AuditEntry } };
/** Files that arrive together are written as one batch: a multi-row insert a table, one audit append. */
const writeFiles = batched(async (tx: Tx, ws: FileWrite[]) => {
  await insertRows(tx, 'case_files', ws.map((w) => w.file));
  await insertRows(tx, 'case_events', ws.map((w) => w.event));
  await insertRows(tx, 'notifications', ws.flatMap((w) => w.notify.map((user_id) => ({ id: newId(), user_id, kind: 'case_file', data: JSON.stringify({ caseId: w.file.case_id, caseNo: w.caseNo }), created_at: w.file.created_at, read_at: null }))));
  await writeAudits(tx, ws.map((w) => w.audit));
  return ws.map(() => true);
});

// ---- letters (发函) -----------------------------------------------------------------------------------

const categoryZh: Record<string, string> = {
  traffic_fine: '交通执法与罚款',
  fleet_contract: '与车队（管理公司）的合同纠纷',
  pay_arrears: '报酬拖欠或克扣',
  platform_penalty: '平台处罚或封号',
  accident_injury: '事故或受伤',
  occupational_injury: '职业伤害保障',
  discrimination: '歧视',
  other: '其他',
};
const kindZh: Record<string, string> = { ride_hailing_driver: '网约车驾驶员', courier: '快递员', delivery_rider: '外卖骑手', ecommerce_worker: '电商从业者', other: '新就业形态劳动者' };
const today = (now: number) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

export type LetterInput = { recipientName?: string | undefined; subject: string; facts: string; request: string; legalBasis?: string | undefined; replyBy?: string | undefined };

export async function createLetter(ctx: Ctx, p: Principal, id: string, input: LetterInput, actor: Actor) {
  const row = await handled(ctx, p, id);
  if (finished(row)) throw new AppError('conflict', 'The case is finished', [{ path: 'subject', code: 'case_finished', message: 'The case is finished' }]);
  const recipient = (input.recipientName ?? row.respondent_name).trim();
  if (!recipient) {
    throw new AppError('unprocessable', 'The case names nobody to write to: give the recipient', [{ path: 'recipientName', code: 'no_recipient', message: 'Name the authority or company' }]);
  }
  const now = nowOf(ctx);
  const letterId = newId();
  let letterNo = '';
  // Validate the letter as it will be printed before anything is stored.
  const model = await letterModel(ctx, row, { recipient_name: recipient, subject: input.subject, facts: input.facts, request: input.request, legal_basis: input.legalBasis ?? '', reply_by: input.replyBy ?? null, letter_no: '', created_at: now, created_by: userIdOf(p) });
  validateLetter(model);
  await ctx.db.transaction().execute(async (tx) => {
    const count = await tx.selectFrom('case_letters').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow();
    letterNo = `${row.case_no}-函${Number(count.n) + 1}`;
    await tx
      .insertInto('case_letters')
      .values({
        id: letterId,
        case_id: id,
        letter_no: letterNo,
        recipient_name: recipient,
        subject: input.subject,
        facts: input.facts,
        request: input.request,
        legal_basis: input.legalBasis ?? '',
        reply_by: input.replyBy ?? null,
        created_by: userIdOf(p),
        created_at: now,
        sent_at: null,
        reply_at: null,
        reply_summary: '',
        reply_file_id: null,
      })
      .execute();
    await event(tx, ctx, id, userIdOf(p), 'letter_drafted', 'internal', { letterId, letterNo, recipient }, undefined, now);
    await writeAudit(tx, actor, { action: 'case.letter_create', targetType: 'case', targetId: id, details: { letterId } });
  });
  return { id: letterId, letterNo };
}

async function letterRow(ctx: Ctx, p: Principal, id: string, letterId: string) {
  const row = await loadVisible(ctx.db, p, id);
  const seats = seatsOn(p, factsOf(row));
  if (!seats.includes('worker') && !handles(p, factsOf(row))) throw notFound('No such letter');
  const l = await ctx.db.selectFrom('case_letters').selectAll().where('id', '=', letterId).where('case_id', '=', id).executeTakeFirst();
  if (!l) throw notFound('No such letter');
  return { row, l };
}

/** The letter as the recipient reads it. The worker's name appears only if they allowed it. */
async function letterModel(ctx: Ctx, row: CaseRow, l: { recipient_name: string; subject: string; facts: string; request: string; legal_basis: string; reply_by: string | null; letter_no: string; created_at: number; created_by: string }): Promise<LetterModel> {
  const union = await ctx.db.selectFrom('orgs').select('name').where('id', '=', row.union_id).executeTakeFirstOrThrow();
  const worker = await ctx.db.selectFrom('workers').select(['name', 'kind']).where('id', '=', row.worker_id).executeTakeFirstOrThrow();
  const officer = await ctx.db.selectFrom('users').select('name').where('id', '=', l.created_by).executeTakeFirst();
  const m: LetterModel = {
    letterNo: l.letter_no,
    date: today(l.created_at),
    unionName: union.name,
    recipientName: l.recipient_name,
    subject: l.subject,
    workerDisplay: row.identity_shown ? `${kindZh[worker.kind] ?? '劳动者'}${worker.name}` : `一名${kindZh[worker.kind] ?? '新就业形态劳动者'}`,
    categoryLabel: categoryZh[row.category] ?? '其他',
    facts: l.facts,
    request: l.request,
    contactOfficer: officer?.name ?? '',
  };
  if (row.occurred_on) m.occurredOn = row.occurred_on;
  if (row.place) m.place = row.place;
  if (l.legal_basis) m.legalBasis = l.legal_basis;
  if (l.reply_by) m.replyBy = l.reply_by;
  return m;
}

export async function letterDocument(ctx: Ctx, p: Principal, id: string, letterId: string, format: 'pdf' | 'html', actor: Actor) {
  const { row, l } = await letterRow(ctx, p, id, letterId);
  const model = await letterModel(ctx, row, l);
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'case.letter_read', targetType: 'case', targetId: id, details: { letterId, format } }));
  if (format === 'html') return { name: `${l.letter_no}.html`, mime: 'text/html; charset=utf-8', bytes: Buffer.from(letterHtml(model)) };
  return { name: `${l.letter_no}.pdf`, mime: 'application/pdf', bytes: await letterPdf(model, ctx.config.letterFont ? { fontPath: ctx.config.letterFont } : {}) };
}

/** Sent (the case then waits on the recipient: the clock pauses), or the reply received (it resumes). */
export async function letterStep(ctx: Ctx, p: Principal, id: string, letterId: string, input: { step: 'sent' | 'reply'; summary?: string | undefined; fileId?: string | undefined }, actor: Actor) {
  const row = await handled(ctx, p, id);
  const { l } = await letterRow(ctx, p, id, letterId);
  const now = nowOf(ctx);
  if (input.step === 'sent' && l.sent_at !== null) throw new AppError('conflict', 'Already recorded as sent', [{ path: 'step', code: 'already_sent', message: 'Already sent' }]);
  if (input.step === 'reply' && l.sent_at === null) throw new AppError('conflict', 'Record the letter as sent first', [{ path: 'step', code: 'not_sent', message: 'Not sent yet' }]);
  if (input.step === 'reply' && !input.summary?.trim()) throw badField('summary', 'required', 'Summarise the reply');
  if (input.fileId) {
    const f = await ctx.db.selectFrom('case_files').select('id').where('id', '=', input.fileId).where('case_id', '=', id).executeTakeFirst();
    if (!f) throw badField('fileId', 'unknown_file', 'Upload the reply to this case first');
  }
  await ctx.db.transaction().execute(async (tx) => {
    if (input.step === 'sent') await tx.updateTable('case_letters').set({ sent_at: now }).where('id', '=', letterId).execute();
    else await tx.updateTable('case_letters').set({ reply_at: now, reply_summary: input.summary!.trim(), reply_file_id: input.fileId ?? null }).where('id', '=', letterId).execute();
    await event(tx, ctx, id, userIdOf(p), input.step === 'sent' ? 'letter_sent' : 'letter_reply', 'worker', { letterId, letterNo: l.letter_no, recipient: l.recipient_name }, input.step === 'reply' ? input.summary : undefined, now);
    await notify(tx, [row.worker_user_id], 'case_update', { caseId: id, caseNo: row.case_no, step: input.step === 'sent' ? 'letter_sent' : 'letter_reply' }, now);
    await writeAudit(tx, actor, { action: `case.letter_${input.step}`, targetType: 'case', targetId: id, details: { letterId } });
  });
}

// ---- consultations and meetings ------------------------------------------------------------------------

export async function addMeeting(ctx: Ctx, p: Principal, id: string, input: { kind: 'consultation' | 'meeting'; heldOn: string; participants: string; minutes: string; decisions?: string | undefined }, actor: Actor) {
  const row = await handled(ctx, p, id);
  const now = nowOf(ctx);
  const meetingId = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('case_meetings').values({ id: meetingId, case_id: id, kind: input.kind, held_on: input.heldOn, participants: input.participants, minutes: input.minutes, decisions: input.decisions ?? '', created_by: userIdOf(p), created_at: now }).execute();
    await event(tx, ctx, id, userIdOf(p), input.kind === 'consultation' ? 'consultation_held' : 'meeting_held', 'worker', { meetingId, heldOn: input.heldOn }, input.decisions || undefined, now);
    await notify(tx, [row.worker_user_id], 'case_update', { caseId: id, caseNo: row.case_no, step: input.kind }, now);
    await writeAudit(tx, actor, { action: 'case.meeting_add', targetType: 'case', targetId: id, details: { meetingId } });
  });
  return { id: meetingId };
}

// ---- legal referral --------------------------------------------------------------------------------------

/** Lawyers the union can refer to: everyone with the lawyer role, those on a station's duty roster first. */
export async function lawyers(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .leftJoin('orgs', 'orgs.id', 'user_roles.org_id')
    .select(['users.id', 'users.name', 'orgs.name as firm'])
    .where('user_roles.role', '=', 'lawyer')
    .where('users.is_disabled', '=', 0)
    .execute();
  const duty = await ctx.db
    .selectFrom('lawyer_duty')
    .innerJoin('stations', 'stations.id', 'lawyer_duty.station_id')
    .select(['lawyer_duty.lawyer_user_id', 'stations.name as station', 'lawyer_duty.weekday'])
    .execute();
  return rows
    .map((r) => {
      const days = new Map<string, { station: string; weekday: number }>();
      for (const d of duty) if (d.lawyer_user_id === r.id) days.set(`${d.station}|${d.weekday}`, { station: d.station, weekday: d.weekday });
      return { userId: r.id, name: r.name, firm: r.firm, duty: [...days.values()] };
    })
    .sort((a, b) => b.duty.length - a.duty.length || a.name.localeCompare(b.name));
}

export async function referLawyer(ctx: Ctx, p: Principal, id: string, lawyerUserId: string | null, actor: Actor) {
  const row = await handled(ctx, p, id);
  if (lawyerUserId) {
    const ok = await ctx.db.selectFrom('user_roles').select('user_id').where('user_id', '=', lawyerUserId).where('role', '=', 'lawyer').executeTakeFirst();
    if (!ok) throw badField('lawyerUserId', 'not_lawyer', 'That person is not a lawyer on the platform');
  }
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('cases').set({ lawyer_user_id: lawyerUserId, updated_at: now, version: row.version + 1 }).where('id', '=', id).execute();
    await event(tx, ctx, id, userIdOf(p), lawyerUserId ? 'lawyer_assigned' : 'lawyer_removed', 'worker', {}, undefined, now);
    await notify(tx, [row.worker_user_id, ...(lawyerUserId ? [lawyerUserId] : [])], 'case_update', { caseId: id, caseNo: row.case_no, step: 'lawyer' }, now);
    await writeAudit(tx, actor, { action: 'case.lawyer_refer', targetType: 'case', targetId: id, details: { lawyerUserId } });
  });
}

/** The lawyer's confidential note: the lawyer and the worker read it, the union does not. */
export async function lawyerNote(ctx: Ctx, p: Principal, id: string, body: string, actor: Actor) {
  const row = await loadVisible(ctx.db, p, id);
  if (!seatsOn(p, factsOf(row)).includes('lawyer')) throw new AppError('forbidden', 'Only the case’s lawyer writes legal notes');
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await event(tx, ctx, id, userIdOf(p), 'lawyer_note', 'lawyer', {}, body, now);
    await notify(tx, [row.worker_user_id], 'case_update', { caseId: id, caseNo: row.case_no, step: 'lawyer_note' }, now);
    await writeAudit(tx, actor, { action: 'case.lawyer_note', targetType: 'case', targetId: id });
  });
}

export async function courtStep(ctx: Ctx, p: Principal, id: string, input: { status: 'filed' | 'hearing' | 'judgment' | 'settled'; onDate: string; note?: string | undefined }, actor: Actor) {
  const row = await loadVisible(ctx.db, p, id);
  const seats = seatsOn(p, factsOf(row));
  if (!seats.includes('lawyer') && !handles(p, factsOf(row))) throw new AppError('forbidden', 'The case’s lawyer or officer records court steps');
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('case_court').values({ id: newId(), case_id: id, status: input.status, on_date: input.onDate, note: input.note ?? '', created_by: userIdOf(p), created_at: now }).execute();
    await tx.updateTable('cases').set({ court_status: input.status, updated_at: now, version: row.version + 1 }).where('id', '=', id).execute();
    await event(tx, ctx, id, userIdOf(p), 'court', 'worker', { status: input.status, onDate: input.onDate }, undefined, now);
    await notify(tx, [row.worker_user_id], 'case_update', { caseId: id, caseNo: row.case_no, step: 'court' }, now);
    await writeAudit(tx, actor, { action: 'case.court', targetType: 'case', targetId: id, details: { status: input.status } });
  });
}


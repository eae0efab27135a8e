// A driver's own figures: their orders (by the permit linked to their worker profile, or by their plates
// where the order names no permit — never another licensed driver's orders in a shared car), per day the
// hours worked (union of service intervals), pay per hour and commission, and the findings about them.
// One figure becomes a rights case with the orders attached as a PDF. A worker sees only their own.
import { createHash } from 'node:crypto';

import PDFDocument from 'pdfkit';
import { sql } from 'kysely';

import { AppError, badField, notFound } from '../../platform/errors.js';

import { nowOf, type Ctx } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';

import { isAnyOf } from '../../platform/db.js';

import { platforms as referencePlatforms } from '../../../shared/reference.js';

import { addCaseFile, fileCase, packagedFontFile } from '../cases/index.js';

import { currentRuns, findingColumns, platformNames, presentFindings, presentOrder, type FindingRow } from './scorecard.service.js';

import { monthBounds, unionMs } from './scorecard.js';
import { beijingDay } from '../../platform/time.js';

const MAX_ORDERS = 5000;

async function linksOf(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') throw notFound('You have no worker profile');
  const w = await ctx.db.selectFrom('workers').select('id').where('user_id', '=', p.userId).executeTakeFirst();
  if (!w) throw notFound('You have no worker profile');
  const permits = [...new Set((await ctx.db.selectFrom('driver_permits').select('permit_no').where('worker_id', '=', w.id).execute()).map((r) => r.permit_no))];
  const plates = (await ctx.db.selectFrom('worker_vehicles').select('plate').where('worker_id', '=', w.id).execute()).map((r) => r.plate);
  return { workerId: w.id, permits, plates };
}

type Links = Awaited<ReturnType<typeof linksOf>>;

/** Orders of the worker: their permit's, or their plates' where the order names no permit. */
function mine(ctx: Ctx, l: Links) {
  return ctx.db.selectFrom('orders').where((eb) => {
    const ors = [];
    if (l.permits.length) ors.push(isAnyOf(ctx.db, 'driver_permit_no', l.permits));
    if (l.plates.length) ors.push(eb.and([isAnyOf(ctx.db, 'plate', l.plates), eb('driver_permit_no', '=', '')]));
    return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`;
  });
}

const orderColumns = ['platform', 'order_id', 'driver_id', 'driver_permit_no', 'plate', 'city_code', 'accept_at', 'start_at', 'finish_at', 'fare_paid', 'driver_pay', 'distance_m', 'completed'] as const;

async function figuresOf(ctx: Ctx, l: Links, asked: string | undefined) {
  const runs = await currentRuns(ctx.db);
  const hasAny = l.permits.length || l.plates.length;
  const last = hasAny ? await mine(ctx, l).select((eb) => eb.fn.max('accept_at').as('last')).executeTakeFirst() : undefined;
  const lastMonth = last?.last ? beijingDay(Number(last.last)).slice(0, 7) : null;
  const months = [...new Set([...runs.keys(), ...(lastMonth ? [lastMonth] : [])])].sort().reverse();
  const month = asked ?? lastMonth ?? months[0] ?? beijingDay(nowOf(ctx)).slice(0, 7);
  const [from, to] = monthBounds(month);
  const rows = hasAny
    ? await mine(ctx, l)
        .select([...orderColumns])
        .where('accept_at', '>=', from)
        .where('accept_at', '<', to)
        .orderBy('accept_at')
        .limit(MAX_ORDERS + 1)
        .execute()
    : [];
  const truncated = rows.length > MAX_ORDERS;
  const orders = rows.slice(0, MAX_ORDERS);
  const names = await platformNames(ctx.db);

  const byDay = new Map<string, typeof orders>();
  for (const o of orders) if (Number(o.completed) === 1) byDay.set(beijingDay(Number(o.accept_at)), [...(byDay.get(beijingDay(Number(o.accept_at))) ?? []), o]);
  const days = [...byDay.entries()].map(([day, os]) => {
    const ms = unionMs(os.map((o) => [Number(o.accept_at), Number(o.finish_at)] as const));
    const pay = os.reduce((s, o) => s + Number(o.driver_pay), 0);
    const fare = os.reduce((s, o) => s + Number(o.fare_paid), 0);
    const hours = ms / 3_600_000;
    return {
      day,
      orders: os.length,
      platforms: [...new Set(os.map((o) => o.platform))],
      minutesWorked: Math.round(ms / 60_000),
      hoursWorked: Math.round(hours * 100) / 100,
      payFen: pay,
      fareFen: fare,
      payPerHourFen: hours > 0 ? Math.round(pay / hours) : null,
      commission: fare > 0 ? Math.round(((fare - pay) / fare) * 10_000) / 10_000 : null,
    };
  });

  // Findings about them in the month's current run: by permit, or by platform:driver_id where no permit.
  const keys = [...new Set([...l.permits, ...orders.filter((o) => !o.driver_permit_no).map((o) => `${o.platform}:${o.driver_id}`)])];
  const run = runs.get(month);
  const own = new Set(orders.map((o) => `${o.platform}|${o.order_id}`));
  const findingRows = run && keys.length
    ? ((await ctx.db
        .selectFrom('oversight_findings')
        .leftJoin('oversight_rules', 'oversight_rules.id', 'oversight_findings.rule_id')
        .select([...findingColumns])
        .where('oversight_findings.run_id', '=', run.id)
        .where(isAnyOf(ctx.db, 'oversight_findings.driver_key', keys))
        .orderBy('oversight_findings.day')
        .orderBy('oversight_findings.indicator')
        .limit(500)
        .execute()) as FindingRow[])
    : [];
  return {
    linked: !!hasAny,
    permits: l.permits,
    plates: l.plates,
    month,
    months,
    analysed: !!run,
    truncated,
    totals: {
      orders: days.reduce((s, d) => s + d.orders, 0),
      minutesWorked: days.reduce((s, d) => s + d.minutesWorked, 0),
      payFen: days.reduce((s, d) => s + d.payFen, 0),
      fareFen: days.reduce((s, d) => s + d.fareFen, 0),
    },
    days,
    orders: orders.map((o) => ({ ...presentOrder(o, false), platformName: names.get(o.platform) ?? o.platform, day: beijingDay(Number(o.accept_at)) })),
    // A finding may name another driver's order (E2: the same plate, someone else): only their own show.
    findings: (await presentFindings(ctx.db, findingRows, false)).map((x) => ({ ...x, orders: x.orders.filter((o) => own.has(`${o.platform}|${o.orderId}`)) })),
  };
}

export async function myFigures(ctx: Ctx, p: Principal, month: string | undefined, actor: Actor) {
  const l = await linksOf(ctx, p);
  const f = await figuresOf(ctx, l, month);
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'oversight.my_figures_read', targetType: 'worker', targetId: l.workerId, details: { month: f.month, orders: f.orders.length } }));
  return f;
}

// ---- a figure becomes a rights case -------------------------------------------------------------------------

const indicatorZh: Record<string, string> = {
  E1: '无证（双证不全）营运',
  E2: '人车不符',
  P1: '单笔抽成超过平台承诺上限',
  P2: '月平均抽成超过平台承诺上限',
  P3: '每小时报酬低于最低工资标准',
  P7: '完成订单未获报酬',
  R1: '连续接单超过 4 小时未休息',
  R2: '连续工作满 4 小时后平台仍继续派单',
  R3: '每日工作时间超过上限',
  S2: '行驶速度异常',
};
const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const hm = (ms: string) => ms.slice(11, 16);

export type ToCaseInput = { month: string; day?: string | undefined; findingId?: string | undefined; category: 'pay_arrears' | 'platform_penalty' };

type Figures = Awaited<ReturnType<typeof figuresOf>>;
type Order = Figures['orders'][number];

/** The orders as an A4 PDF table (the evidence store takes photos and PDFs). */
async function evidencePdf(title: string, lines: string[], orders: Order[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, Creator: 'Nuanxin' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', packagedFontFile('regular'));
  doc.font('cjk').fontSize(15).text(title);
  doc.moveDown(0.5).fontSize(10);
  for (const l of lines) doc.text(l);
  doc.moveDown(0.5);
  const cols = [['日期', 70], ['平台', 70], ['订单号', 110], ['接单—完成', 80], ['乘客支付', 60], ['司机收入', 60], ['抽成', 45]] as const;
  const row = (cells: string[]) => {
    if (doc.y > 780) doc.addPage();
    const y = doc.y;
    let x = 40;
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: cols[i]![1] - 4, lineBreak: false, ellipsis: true });
      x += cols[i]![1];
    });
    doc.x = 40;
    doc.y = y + 14;
  };
  doc.fontSize(8.5);
  row(cols.map((c) => c[0]));
  for (const o of orders) row([o.day, o.platformName, o.orderId, `${hm(o.acceptAt)}—${hm(o.finishAt)}`, yuan(o.farePaidFen), yuan(o.driverPayFen), pct(o.commission)]);
  doc.moveDown(1).fontSize(8).text('数据来源：平台向工会报送的订单记录（暖新平台监督）。时间为北京时间。', 40);
  doc.end();
  return done;
}

export async function toCase(ctx: Ctx, p: Principal, input: ToCaseInput, actor: Actor) {
  if (!!input.day === !!input.findingId) throw badField(input.day ? 'findingId' : 'day', 'one_figure', 'Give a day or a finding, not both');
  const l = await linksOf(ctx, p);
  const f = await figuresOf(ctx, l, input.month);
  let evidence: Order[];
  let title: string;
  let description: string;
  let day: string;
  if (input.findingId) {
    const finding = f.findings.find((x) => x.id === input.findingId);
    if (!finding) throw notFound('No such finding about you');
    const ids = new Set(finding.orders.map((o) => `${o.platform}|${o.orderId}`));
    evidence = f.orders.filter((o) => ids.has(`${o.platform}|${o.orderId}`));
    day = finding.day;
    const rule = finding.rule ? `依据：${finding.rule.source ?? ''}（规则 ${finding.rule.rule ?? ''} 第 ${finding.rule.version ?? ''} 版，限值 ${finding.rule.value ?? ''}）。` : '';
    title = `${day} ${indicatorZh[finding.indicator] ?? finding.indicator}`.slice(0, 120);
    description = `平台监督数据显示，${day} 我的订单存在“${indicatorZh[finding.indicator] ?? finding.indicator}”（指标 ${finding.indicator}）：数值 ${finding.value ?? '—'}，限值 ${finding.limit ?? '—'}。${rule}涉及 ${finding.orders.length} 笔订单，订单明细见附件。`;
  } else {
    const d = f.days.find((x) => x.day === input.day);
    if (!d) throw badField('day', 'no_orders_that_day', 'You have no completed orders on that day');
    evidence = f.orders.filter((o) => o.day === input.day && o.completed);
    day = d.day;
    title = `${day} 报酬与工时（平台订单数据）`;
    description = `${day} 我完成 ${d.orders} 笔订单，实际工作 ${d.hoursWorked} 小时（各单接单至完成时间的合并），司机收入 ${yuan(d.payFen)}，每小时 ${d.payPerHourFen === null ? '—' : yuan(d.payPerHourFen)}；乘客共支付 ${yuan(d.fareFen)}，平均抽成 ${pct(d.commission)}。订单明细见附件。`;
  }
  if (!evidence.length) throw new AppError('unprocessable', 'The orders behind this figure are not on record', [{ path: input.findingId ? 'findingId' : 'day', code: 'no_orders', message: 'No orders to attach' }]);
  const counts = new Map<string, number>();
  for (const o of evidence) counts.set(o.platform, (counts.get(o.platform) ?? 0) + 1);
  const platform = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const known = referencePlatforms.some((x) => x.code === platform);
  const respondent = evidence.find((o) => o.platform === platform)!.platformName;
  // Built before filing: nothing is filed if the evidence cannot be made.
  const pdf = await evidencePdf(title, [description, `共 ${evidence.length} 笔订单。`], evidence);
  const clientRef = `ovs-${createHash('sha256').update(`${l.workerId}|${input.month}|${input.day ?? ''}|${input.findingId ?? ''}|${input.category}`).digest('hex').slice(0, 32)}`;
  const filed = await fileCase(
    ctx,
    p,
    { category: input.category, title, description, occurredOn: day, respondentKind: 'platform', respondentName: respondent, ...(known ? { platformCode: platform } : {}), clientRef },
    actor,
  );
  const file = filed.created ? await addCaseFile(ctx, p, filed.case.id, { bytes: pdf, contentType: 'application/pdf', name: `订单明细-${day}.pdf` }, actor) : null;
  return { created: filed.created, case: filed.case, file };
}

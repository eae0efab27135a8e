import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers, DEMO_PASSWORD } from '../../demo/seed.js';
import { smsOutbox } from '../../platform/sms.js';

// The rights-case path end to end over HTTP, on SQLite or PostgreSQL (DATABASE_URL), with the clock
// injected so the SLA can be run forward.
let t: TestApp;
let clock = Date.parse('2026-12-01T09:00:00+08:00'); // a Tuesday
const bj = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
let driver: string, officer: string, officer2: string, chair: string, lawyer: string, admin: string, analyst: string, courier: string;
before(async () => {
  t = await testApp({ workers: 12 });
  t.ctx.now = () => clock;
  const cookies = await Promise.all([demoWorkers.driver, '13900000002', '13900000003', '13900000004', '13900000009', '13900000008', demoWorkers.courier].map((p) => t.login(p)));
  [driver, officer, chair, lawyer, admin, analyst, courier] = cookies as [string, string, string, string, string, string, string];
  const made = await inject('POST', '/api/admin/users', admin, { phone: '13900000099', name: '第二位干事', password: DEMO_PASSWORD, roles: [{ role: 'union_officer', orgId: demoOrgs.rideHailingUnion }] });
  assert.equal(made.statusCode, 201, made.body);
  officer2 = await t.login('13900000099');
});
after(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string, payload?: object | Buffer, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload ? { payload } : {}) });
const fine = {
  category: 'traffic_fine',
  title: '公交可双向通行路段被以逆行处罚',
  description: '我在河滩路辅道接单时被交警以逆行罚款200元记3分，但该路段公交和出租车可以双向通行。',
  occurredOn: '2026-11-28',
  place: '乌鲁木齐市河滩路辅道',
  lat: 43.8256,
  lng: 87.5932,
  respondentName: '乌鲁木齐市公安局交通警察支队',
  respondentKind: 'authority',
};
async function fileCase(cookie = driver, over: object = {}) {
  const res = await inject('POST', '/api/cases', cookie, { ...fine, ...over });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().case as { id: string; caseNo: string; status: string; sla: { firstResponseDue: string; resolutionDue: string } };
}
const act = (cookie: string, id: string, body: object) => inject('POST', `/api/cases/${id}/actions`, cookie, body);

test('a worker files a case: numbered, in the union’s queue without their identity, deadlines on working days', async () => {
  const c = await fileCase();
  assert.match(c.caseNo, /^WLMQ-WYC-2026-\d{5}$/);
  assert.equal(c.status, 'submitted');
  assert.equal(c.sla.firstResponseDue, new Date(bj('2026-12-02 09:00')).toISOString());
  assert.equal(c.sla.resolutionDue, new Date(bj('2026-12-10 09:00')).toISOString(), '7 working days, the weekend skipped');
  const q = await inject('GET', '/api/cases/queue?scope=unassigned', officer);
  assert.equal(q.statusCode, 200);
  const item = q.json().items.find((i: { id: string }) => i.id === c.id);
  assert.ok(item);
  assert.ok(!JSON.stringify(q.json()).includes('河滩路辅道接单'), 'the queue carries no description');
  // The officer who does not own it cannot open it; nor can another worker, an analyst or the admin.
  for (const who of [officer, courier, lawyer]) assert.equal((await inject('GET', `/api/cases/${c.id}`, who)).statusCode, 404, 'the same answer as a missing case');
  assert.equal((await inject('GET', `/api/cases/${c.id}`, admin)).statusCode, 403, 'the admin reads no case content');
  assert.equal((await inject('GET', `/api/cases/${c.id}`, analyst)).statusCode, 403);
  // The union chair and the worker can.
  assert.equal((await inject('GET', `/api/cases/${c.id}`, chair)).statusCode, 200);
  const mine = await inject('GET', `/api/cases/${c.id}`, driver);
  assert.equal(mine.json().case.description, fine.description);
});

test('a draft sent twice (lost connection) makes one case; bad input is named', async () => {
  const body = { ...fine, clientRef: 'draft-4f1c2a9e' };
  const [a, b] = await Promise.all([inject('POST', '/api/cases', driver, body), inject('POST', '/api/cases', driver, body)]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201]);
  assert.equal(a.json().case.id, b.json().case.id);
  const bad = await inject('POST', '/api/cases', driver, { ...fine, category: 'speeding', lat: 91, extra: 1 });
  assert.equal(bad.statusCode, 400);
  const paths = bad.json().error.details.map((d: { path: string }) => d.path);
  assert.ok(paths.includes('category') && paths.includes('lat'), paths.join());
  assert.equal((await inject('POST', '/api/cases', officer, fine)).statusCode, 403);
});

test('two officers take the same case at the same moment: exactly one wins', async () => {
  const c = await fileCase();
  const [a, b] = await Promise.all([act(officer, c.id, { action: 'take' }), act(officer2, c.id, { action: 'take' })]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
  const lost = a.statusCode === 409 ? a : b;
  assert.ok(['already_taken', 'stale', 'invalid_transition'].includes(lost.json().error.details[0].code));
});

test('the state machine: a refused move is 409 listing the allowed next states', async () => {
  const c = await fileCase();
  const res = await act(chair, c.id, { action: 'propose_close', outcome: 'fine_revoked' });
  assert.equal(res.statusCode, 409);
  // Only the moves this caller could make: the chair may take or assign, not withdraw (the worker's).
  assert.deepEqual(res.json().error.allowed.map((a: { action: string }) => a.action).sort(), ['assign', 'take']);
  assert.equal((await act(driver, c.id, { action: 'take' })).statusCode, 403, 'a worker does not take cases');
  assert.equal((await act(officer, c.id, { action: 'take' })).statusCode, 200);
  const late = await act(chair, c.id, { action: 'take' });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().error.details[0].code, 'already_taken');
  const officers = (await inject('GET', '/api/cases/officers', officer)).json().items;
  assert.ok(officers.some((o: { name: string; role: string }) => o.name === '艾尔肯·吾买尔' && o.role === 'union_chair'));
  assert.equal((await act(officer, c.id, { action: 'wait_worker' })).json().error.details[0].path, 'note');
});

test('SLA clock: waiting on the worker pauses it; the worker’s answer resumes it; the deadline moves by the pause', async () => {
  clock = bj('2026-12-01 09:00');
  const c = await fileCase();
  await act(officer, c.id, { action: 'take' });
  clock = bj('2026-12-01 10:00');
  const waiting = (await act(officer, c.id, { action: 'wait_worker', note: '请补充罚单照片' })).json().case;
  assert.equal(waiting.status, 'waiting_worker');
  assert.equal(waiting.sla.paused, true);
  assert.equal(waiting.sla.resolutionDue, null);
  assert.ok(waiting.sla.firstResponseAt, 'asking the worker is the first response');
  clock = bj('2026-12-03 10:00'); // two working days later the worker answers
  const resumed = (await inject('POST', `/api/cases/${c.id}/messages`, driver, { body: '罚单照片已上传' })).json().case;
  assert.equal(resumed.status, 'in_progress');
  assert.equal(resumed.sla.resolutionDue, new Date(bj('2026-12-14 09:00')).toISOString());
  // Internal notes never reach the worker.
  await inject('POST', `/api/cases/${c.id}/messages`, officer, { body: '内部：与交警支队法制科联系人已约', internal: true });
  const seen = (await inject('GET', `/api/cases/${c.id}`, driver)).json().case;
  assert.ok(!JSON.stringify(seen).includes('法制科联系人'));
  assert.ok(JSON.stringify((await inject('GET', `/api/cases/${c.id}`, officer)).json()).includes('法制科联系人'));
  assert.equal((await inject('POST', `/api/cases/${c.id}/messages`, driver, { body: 'x', internal: true })).statusCode, 400);
});

test('sweep: a case nobody takes goes to the chair at its first-response deadline; overdue ones escalate', async () => {
  clock = bj('2026-12-04 17:00'); // Friday evening
  const c = await fileCase();
  const { sweepCases } = await import('./index.js');
  clock = bj('2026-12-07 16:00'); // Monday: 23 counted hours
  await sweepCases(t.ctx);
  assert.equal((await inject('GET', `/api/cases/${c.id}`, chair)).json().case.officer, null);
  clock = bj('2026-12-07 18:00');
  const r = await sweepCases(t.ctx);
  assert.ok(r.ownerless >= 1 && r.escalated >= 1);
  const after1 = (await inject('GET', `/api/cases/${c.id}`, chair)).json().case;
  assert.equal(after1.status, 'assigned');
  assert.equal(after1.sla.escalation, 1);
  assert.ok(after1.timeline.some((e: { kind: string }) => e.kind === 'escalated'));
  const chairNotices = (await inject('GET', '/api/notifications/me', chair)).json();
  assert.ok(chairNotices.items.some((n: { kind: string; data: { caseId: string } }) => n.kind === 'case_overdue' && n.data.caseId === c.id));
  clock = bj('2026-12-24 12:00'); // resolution overdue by more than half its budget again
  await sweepCases(t.ctx);
  assert.equal((await inject('GET', `/api/cases/${c.id}`, chair)).json().case.sla.escalation, 2);
  clock = bj('2026-12-01 09:00');
});

test('closing: the worker confirms with a rating; a rating of 1–2 or a rejection is an appeal to the chair, within the window', async () => {
  clock = bj('2026-12-01 09:00');
  const c = await fileCase();
  await act(officer, c.id, { action: 'take' });
  assert.equal((await act(officer, c.id, { action: 'propose_close', outcome: 'compensation' })).json().error.details[0].path, 'amountFen');
  const proposed = (await act(officer, c.id, { action: 'propose_close', outcome: 'fine_revoked', note: '罚款已撤销' })).json().case;
  assert.equal(proposed.status, 'proposed_closed');
  assert.equal((await act(driver, c.id, { action: 'confirm', rating: 6 })).statusCode, 400);
  assert.equal((await act(driver, c.id, { action: 'confirm' })).json().error.details[0].code, 'required');
  const appealed = (await act(driver, c.id, { action: 'confirm', rating: 2 })).json().case;
  assert.equal(appealed.status, 'appealed');
  assert.equal((await act(officer, c.id, { action: 'take_appeal' })).statusCode, 403);
  assert.equal((await act(chair, c.id, { action: 'take_appeal' })).json().case.status, 'in_progress');
  await act(chair, c.id, { action: 'propose_close', outcome: 'fine_revoked' });
  const second = await act(driver, c.id, { action: 'reject', note: '还是不满意' });
  assert.equal(second.statusCode, 422);
  assert.equal(second.json().error.details[0].code, 'appeal_used');
  const closed = (await act(driver, c.id, { action: 'confirm', rating: 4 })).json().case;
  assert.equal(closed.status, 'closed');
  assert.equal(closed.rating, 4);
  assert.equal((await act(driver, c.id, { action: 'reject' })).statusCode, 409);

  const late = await fileCase();
  await act(officer, late.id, { action: 'take' });
  await act(officer, late.id, { action: 'propose_close', outcome: 'not_upheld' });
  clock += 8 * 86_400_000;
  const tooLate = await act(driver, late.id, { action: 'reject' });
  assert.equal(tooLate.statusCode, 422);
  assert.equal(tooLate.json().error.details[0].code, 'appeal_window_passed');
  clock = bj('2026-12-01 09:00');
});

test('letters: a real PDF to the named authority, the worker anonymous unless they allowed it; no recipient is 422', async () => {
  const c = await fileCase(driver, { respondentName: '' });
  await act(officer, c.id, { action: 'take' });
  const letter = { subject: '商请核查网约车驾驶员被以逆行处罚事宜', facts: '该路段公交车和出租车可双向通行，网约车驾驶员按导航行驶被处罚。', request: '请依法复核并撤销处罚。' };
  const none = await inject('POST', `/api/cases/${c.id}/letters`, officer, letter);
  assert.equal(none.statusCode, 422);
  assert.equal(none.json().error.details[0].code, 'no_recipient');
  const made = await inject('POST', `/api/cases/${c.id}/letters`, officer, { ...letter, recipientName: '乌鲁木齐市公安局交通警察支队', replyBy: '2026-12-08' });
  assert.equal(made.statusCode, 201, made.body);
  const { id: letterId } = made.json().letter;
  const pdf = await inject('GET', `/api/cases/${c.id}/letters/${letterId}/pdf`, officer);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const html = (await inject('GET', `/api/cases/${c.id}/letters/${letterId}/html`, officer)).body;
  assert.ok(html.includes('一名网约车驾驶员'));
  const driverName = (await inject('GET', '/api/workers/me', driver)).json().worker?.name ?? (await inject('GET', '/api/workers/me', driver)).json().name;
  assert.ok(driverName && !html.includes(driverName), 'the worker’s name is not in the letter');
  assert.equal((await inject('GET', `/api/cases/${c.id}/letters/${letterId}/pdf`, courier)).statusCode, 404);
  // Sent: then the reply, with its file.
  assert.equal((await inject('POST', `/api/cases/${c.id}/letters/${letterId}/steps`, officer, { step: 'reply', summary: 'x' })).json().error.details[0].code, 'not_sent');
  await inject('POST', `/api/cases/${c.id}/letters/${letterId}/steps`, officer, { step: 'sent' });
  const seen = (await inject('GET', `/api/cases/${c.id}`, driver)).json().case;
  assert.ok(seen.timeline.some((e: { kind: string }) => e.kind === 'letter_sent'));
  // A consultation: the worker reads the decisions; the minutes and participants stay with the union.
  await inject('POST', `/api/cases/${c.id}/meetings`, officer, { kind: 'consultation', heldOn: '2026-12-02', participants: '交警支队秩序科', minutes: 'MINUTES-CANARY 内部讨论', decisions: '撤销处罚' });
  const after = (await inject('GET', `/api/cases/${c.id}`, driver)).json().case;
  assert.equal(after.meetings[0].decisions, '撤销处罚');
  assert.ok(!JSON.stringify(after).includes('MINUTES-CANARY'));
  assert.ok(JSON.stringify((await inject('GET', `/api/cases/${c.id}`, officer)).json()).includes('MINUTES-CANARY'));
});

// A JPEG with an EXIF APP1 segment holding a GPS tag (the bytes of "GPS" and a position string).
function jpegWithGps() {
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('MM\0*\0\0\0\x08\0\x01\x88\x25\0\x04\0\0\0\x01\0\0\0\x1a\0\0\0\0', 'binary'), Buffer.from('GPS 43.8256N 87.5932E')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 255]), exif]);
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
  const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, sos, Buffer.from([0xff, 0xd9])]);
}

test('evidence: stored without its GPS, read back by those on the case; too large 413, wrong type 415', async () => {
  const c = await fileCase();
  const up = await inject('POST', `/api/cases/${c.id}/files?name=ticket.jpg`, driver, jpegWithGps(), { 'content-type': 'image/jpeg' });
  assert.equal(up.statusCode, 201, up.body);
  const back = await inject('GET', `/api/cases/${c.id}/files/${up.json().file.id}`, driver);
  assert.equal(back.headers['content-type'], 'image/jpeg');
  assert.ok(!back.rawPayload.toString('binary').includes('43.8256N'));
  assert.equal((await inject('GET', `/api/cases/${c.id}/files/${up.json().file.id}`, courier)).statusCode, 404);
  const text = await inject('POST', `/api/cases/${c.id}/files?name=a.jpg`, driver, Buffer.from('hello, not an image'), { 'content-type': 'image/jpeg' });
  assert.equal(text.statusCode, 415);
  const gif = await inject('POST', `/api/cases/${c.id}/files?name=a.gif`, driver, Buffer.from('GIF89a'), { 'content-type': 'image/gif' });
  assert.equal(gif.statusCode, 415);
  const big = await inject('POST', `/api/cases/${c.id}/files?name=big.pdf`, driver, Buffer.alloc(t.config.evidenceMaxBytes + 10, 1), { 'content-type': 'application/pdf' });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error.details[0].code, 'too_large');
  // A phone that gives the file no type: the content decides.
  const untyped = await inject('POST', `/api/cases/${c.id}/files?name=photo`, driver, jpegWithGps(), { 'content-type': 'application/octet-stream' });
  assert.equal(untyped.statusCode, 201, untyped.body);
  assert.equal(untyped.json().file.mime, 'image/jpeg');
  const noise = await inject('POST', `/api/cases/${c.id}/files?name=x.bin`, driver, Buffer.from('not a picture at all'), { 'content-type': 'application/octet-stream' });
  assert.equal(noise.statusCode, 415);
  const files = (await inject('GET', `/api/cases/${c.id}`, driver)).json().case.files;
  assert.equal(files.length, 2, 'nothing half-written');
});

test('legal referral: the lawyer sees the case only while assigned; their notes reach the worker, not the union', async () => {
  const c = await fileCase(driver, { category: 'fleet_contract', respondentName: '某汽车租赁管理公司', respondentKind: 'company' });
  await act(officer, c.id, { action: 'take' });
  assert.equal((await inject('GET', `/api/cases/${c.id}`, lawyer)).statusCode, 404, 'not referred yet');
  const lawyers = (await inject('GET', '/api/cases/lawyers', officer)).json().items;
  const lin = lawyers.find((l: { name: string }) => l.name === '林志远');
  assert.ok(lin && lin.duty.length >= 1, 'the station duty roster’s lawyer comes first');
  await inject('PUT', `/api/cases/${c.id}/lawyer`, officer, { lawyerUserId: lin.userId });
  assert.equal((await inject('GET', `/api/cases/${c.id}`, lawyer)).statusCode, 200);
  assert.equal((await inject('POST', `/api/cases/${c.id}/lawyer-notes`, lawyer, { body: '合同第7条违约金条款显失公平' })).statusCode, 201);
  await inject('POST', `/api/cases/${c.id}/court`, lawyer, { status: 'filed', onDate: '2026-12-02' });
  assert.ok(JSON.stringify((await inject('GET', `/api/cases/${c.id}`, driver)).json()).includes('显失公平'));
  assert.ok(!JSON.stringify((await inject('GET', `/api/cases/${c.id}`, officer)).json()).includes('显失公平'));
  assert.equal((await inject('GET', `/api/cases/${c.id}`, officer)).json().case.courtStatus, 'filed');
  await inject('PUT', `/api/cases/${c.id}/lawyer`, officer, { lawyerUserId: null });
  assert.equal((await inject('GET', `/api/cases/${c.id}`, lawyer)).statusCode, 404, 'unassigned: gone on the very next request');
});

test('systemic issue: similar cases suggested and linked; a rule change updates each and tells every affected worker', async () => {
  const a = await fileCase();
  const b = await fileCase(driver, { description: '河滩路辅道公交可双向通行，我掉头接乘客被认定逆行罚款。', lat: 43.8262, lng: 87.5935 });
  for (const c of [a, b]) await act(officer, c.id, { action: 'take' });
  const similar = (await inject('GET', `/api/cases/${a.id}/similar`, officer)).json().items;
  const hit = similar.find((s: { id: string }) => s.id === b.id);
  assert.ok(hit, 'the nearby, alike case is suggested');
  assert.ok(hit.reasons.includes('nearby') && hit.reasons.includes('same_respondent'));
  const issue = (await inject('POST', '/api/systemic-issues', officer, { unionId: demoOrgs.rideHailingUnion, title: '河滩路辅道逆行认定', linkKind: 'road', caseIds: [a.id, b.id] })).json().issue;
  assert.equal(issue.cases.length, 2);
  const before = (await inject('GET', '/api/notifications/me', courier)).json().unread;
  const changed = await inject('POST', `/api/systemic-issues/${issue.id}/rule-change`, officer, {
    ruleChange: '河滩路辅道增设网约车可双向通行标志，此前相关处罚予以撤销',
    changedBy: '乌鲁木齐市公安局交通警察支队',
    effectiveOn: '2026-12-05',
    kinds: ['ride_hailing_driver'],
    cities: ['650100'],
  });
  assert.equal(changed.statusCode, 200, changed.body);
  const drivers = await t.ctx.db.selectFrom('workers').select('user_id').where('kind', '=', 'ride_hailing_driver').where('city_code', '=', '650100').execute();
  assert.equal(changed.json().issue.notified, new Set(drivers.map((d) => d.user_id)).size);
  const note = (await inject('GET', '/api/notifications/me', driver)).json().items.find((n: { kind: string }) => n.kind === 'rule_changed');
  assert.ok(note);
  assert.equal((await inject('GET', '/api/notifications/me', courier)).json().unread, before, 'a courier in Changji is not affected');
  for (const c of [a, b]) assert.ok((await inject('GET', `/api/cases/${c.id}`, driver)).json().case.timeline.some((e: { kind: string }) => e.kind === 'rule_changed'));
  assert.equal((await inject('POST', `/api/systemic-issues/${issue.id}/rule-change`, officer, { ruleChange: 'x', changedBy: 'y', effectiveOn: '2026-12-05' })).statusCode, 409);
});

test('dashboard for the union; analysts get aggregates with small cells suppressed, never a case', async () => {
  const d = (await inject('GET', '/api/cases/dashboard', officer)).json();
  assert.ok(d.open >= 1);
  assert.ok(d.byCategory.find((c: { category: string }) => c.category === 'traffic_fine').open >= 1);
  assert.ok(d.firstResponseHours.n >= 1);
  const agg = await inject('GET', '/api/cases/aggregates', analyst);
  assert.equal(agg.statusCode, 200);
  const body = agg.json();
  // Every case here came from two workers: below the minimum cell of 5, so every count is suppressed.
  assert.equal(body.open, null);
  assert.ok(body.byCategory.every((c: { open: number | null }) => c.open === null));
  assert.ok(!JSON.stringify(body).includes('河滩路'));
  assert.equal((await inject('GET', '/api/cases/aggregates', officer)).statusCode, 403);
  assert.equal((await inject('GET', '/api/cases/dashboard', analyst)).statusCode, 403);
});

test('notifications: the worker hears of progress in the app and by the SMS adapter (their id, never the number)', async () => {
  const c = await fileCase();
  await act(officer, c.id, { action: 'take' });
  await act(officer, c.id, { action: 'start' });
  const mine = (await inject('GET', '/api/notifications/me', driver)).json();
  assert.ok(mine.unread >= 1);
  assert.ok(mine.items.some((n: { data: { caseId: string } }) => n.data.caseId === c.id));
  assert.ok(smsOutbox().some((m) => m.text.includes(c.caseNo)));
  assert.ok(smsOutbox().every((m) => !/1[3-9]\d{9}/.test(m.text) && !/1[3-9]\d{9}/.test(m.userId)));
  // Opening one case marks its notices read, and only its own.
  const other = await fileCase();
  await act(officer, other.id, { action: 'take' });
  const unreadOf = async (caseId: string) => (await inject('GET', '/api/notifications/me', driver)).json().items.filter((n: { read: boolean; data: { caseId: string } }) => !n.read && n.data.caseId === caseId).length;
  const before = await unreadOf(c.id);
  assert.ok(before >= 1 && (await unreadOf(other.id)) >= 1);
  assert.equal((await inject('POST', '/api/notifications/read', driver, { caseId: c.id })).json().marked, before);
  assert.equal(await unreadOf(c.id), 0);
  assert.ok((await unreadOf(other.id)) >= 1, 'another case’s notices stay unread');
  assert.equal((await inject('POST', '/api/notifications/read', driver, { caseId: c.id })).json().marked, 0);
  const marked = await inject('POST', '/api/notifications/read', driver, { all: true });
  assert.ok(marked.json().marked >= 1);
  assert.equal((await inject('GET', '/api/notifications/me', driver)).json().unread, 0);
});

test('triage: the union sets priority and corrects the category; the deadlines follow; the worker cannot', async () => {
  clock = bj('2026-12-01 09:00');
  const c = await fileCase();
  await act(officer, c.id, { action: 'take' });
  assert.equal((await inject('PATCH', `/api/cases/${c.id}`, driver, { priority: 'urgent' })).statusCode, 403);
  assert.equal((await inject('PATCH', `/api/cases/${c.id}`, officer, {})).statusCode, 400);
  const urgent = (await inject('PATCH', `/api/cases/${c.id}`, officer, { priority: 'urgent', category: 'platform_penalty' })).json().case;
  assert.equal(urgent.priority, 'urgent');
  assert.equal(urgent.category, 'platform_penalty');
  assert.equal(urgent.sla.resolutionDue, new Date(bj('2026-12-04 09:00')).toISOString(), '3 working days when urgent');
  assert.ok(!(await inject('GET', `/api/cases/${c.id}`, driver)).json().case.timeline.some((e: { kind: string }) => e.kind === 'triaged'), 'triage is internal');
  const known = (await inject('GET', '/api/cases/respondents', driver)).json().items;
  assert.ok(known.some((o: { name: string; kind: string }) => o.name === '乌鲁木齐市公安局交通警察支队' && o.kind === 'authority'));
  const named = await inject('POST', '/api/cases', driver, { ...fine, respondentName: undefined, respondentOrgId: known[0].id });
  assert.equal(named.statusCode, 201);
  assert.equal((await inject('GET', `/api/cases/${named.json().case.id}`, driver)).json().case.respondent.name, known[0].name);
});

test('an officer hands their own case to a colleague: the answer says so (case null), and the case is the colleague’s', async () => {
  const c = await fileCase();
  assert.equal((await act(officer, c.id, { action: 'take' })).statusCode, 200);
  const me = (await inject('GET', '/api/auth/me', officer2)).json().user.id as string;
  const res = await act(officer, c.id, { action: 'assign', officerUserId: me, note: '转交同事' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().case, null, 'the officer has no seat on the case any more');
  const theirs = await inject('GET', `/api/cases/${c.id}`, officer2);
  assert.equal(theirs.statusCode, 200);
  assert.equal(theirs.json().case.officer.userId, me);
  assert.equal((await inject('GET', `/api/cases/${c.id}`, officer)).statusCode, 404, 'the officer who handed it over no longer reads it');
  // The chair handing a case over keeps their seat and gets the case back.
  const again = await act(chair, c.id, { action: 'assign', officerUserId: (await inject('GET', '/api/auth/me', officer)).json().user.id, note: '交回' });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().case.id, c.id);
});

test('a case cannot point at a consultation that is not the worker’s own: 400 naming consultationId, nothing filed', async () => {
  const before = (await inject('GET', '/api/cases/mine', driver)).json();
  const res = await inject('POST', '/api/cases', driver, { ...fine, consultationId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().error.details[0].path, 'consultationId');
  assert.deepEqual((await inject('GET', '/api/cases/mine', driver)).json(), before);
});

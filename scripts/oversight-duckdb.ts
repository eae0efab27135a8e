// The benchmark's independent oracle: every indicator of issue 5 computed by DuckDB in SQL from the same
// order file, registry files and rules. Written from the definitions, not from the engine's code.
import { DuckDBInstance } from '@duckdb/node-api';
import type { RuleSet } from '../src/server/modules/oversight/engine/rules.js';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function duckdbIndicators(o: { orders: string; driverCsv?: string; vehicleCsv?: string; rules: RuleSet; threads?: number }): Promise<Record<string, number>> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(o.threads ?? 2) });
  const c = await db.connect();
  const run = (sql: string) => c.run(sql);
  const one = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]![0]);
  const r = o.rules;
  const gap = r.rest_gap_min * 60_000;
  const block = r.max_continuous_min * 60_000;
  await run(`create table raw as select row_number() over () as rn, * from read_csv(${q(o.orders)}, header = true, all_varchar = true, quote = '"')`);
  // A driver is a person: the permit number where given, else platform + driver id. Repeated (platform, order_id): the first.
  await run(`create table o as
    select rn, platform, plate, city_code,
      case when coalesce(driver_permit_no, '') <> '' then 'P:' || driver_permit_no else 'D:' || platform || ':' || driver_id end as person,
      coalesce(driver_permit_no, '') as permit,
      epoch_ms(accept_ts::timestamptz) as a, epoch_ms(start_ts::timestamptz) as s, epoch_ms(finish_ts::timestamptz) as f,
      fare_paid::bigint as fare, driver_pay::bigint as pay, distance_m::bigint as dist
    from (select *, row_number() over (partition by platform, order_id order by rn) as k from raw) where k = 1 and status = 'completed'`);
  await run(`alter table o add column day bigint; update o set day = floor((a + 28800000) / 86400000)`);
  // Each platform in the data gets its own rules, else the rules for all platforms ('*').
  const a = r.allPlatforms;
  const own = Object.entries(r.platforms).map(([p, v]) => `(${q(p)}, ${v.commission_cap ?? 'null'}, ${v.monthly_commission_cap ?? 'null'}, ${v.max_daily_min ?? 'null'}, ${v.monthly_min_orders ?? 'null'})`);
  await run(`create table own as select * from (values ('', null, null, null, null)${own.map((x) => `, ${x}`).join('')}) t(platform, cap, mcap, maxday, minorders)`);
  await run(`create table caps as select p.platform,
      coalesce(own.cap, ${a.commission_cap ?? 'null'}) as cap, coalesce(own.mcap, ${a.monthly_commission_cap ?? 'null'}) as mcap,
      coalesce(own.maxday, ${a.max_daily_min ?? 'null'}) as maxday, coalesce(own.minorders, ${a.monthly_min_orders ?? r.monthly_min_orders}) as minorders
    from (select distinct platform from o) p left join own using (platform)`);
  await run(`create table ownwage as select * from (values ('', null)${Object.entries(r.min_hourly_wage_fen).map(([city, v]) => `, (${q(city)}, ${v})`).join('')}) t(city, wage)`);
  await run(`create table wages as select c.city, coalesce(w.wage, ${r.min_hourly_wage_default ?? 'null'}) as wage from (select distinct city_code as city from o) c left join ownwage w using (city) where coalesce(w.wage, ${r.min_hourly_wage_default ?? 'null'}) is not null`);
  const out: Record<string, number> = {};

  if (o.driverCsv && o.vehicleCsv) {
    await run(`create table dp as select permit_no, (epoch_ms(valid_from::date::timestamp) / 86400000)::bigint as fd, (epoch_ms(valid_to::date::timestamp) / 86400000)::bigint as td from read_csv(${q(o.driverCsv)}, header = true, all_varchar = true)`);
    await run(`create table vp as select plate, (epoch_ms(valid_from::date::timestamp) / 86400000)::bigint as fd, (epoch_ms(valid_to::date::timestamp) / 86400000)::bigint as td from read_csv(${q(o.vehicleCsv)}, header = true, all_varchar = true)`);
    out.E1 = await one(`select count(*) from o
      where not (permit <> '' and exists (select 1 from dp where dp.permit_no = o.permit and o.day between dp.fd and dp.td))
         or not exists (select 1 from vp where vp.plate = o.plate and o.day between vp.fd and vp.td)`);
  }
  // E2: overlapping service intervals on one plate by different drivers. Orders last under a day, so the
  // other order is on the same day or the one before or after (checked: else a plain plate join).
  const longest = await one('select coalesce(max(f - a), 0) from o');
  const near = longest < 86_400_000 ? 'and o2.day between o.day - 1 and o.day + 1' : '';
  out.E2 = await one(`select count(*) from o where exists (select 1 from o o2 where o2.plate = o.plate ${near} and o2.person <> o.person and o2.a < o.f and o.a < o2.f)`);
  out.P1 = await one(`select count(*) from o join caps using (platform) where cap is not null and fare > 0 and (fare - pay)::double / fare::double > cap`);
  out.P7 = await one(`select count(*) from o where pay <= 0`);
  out.S2 = await one(`select count(*) from o where f - s > 0 and dist * 3600 > ${r.max_speed_kmh} * (f - s)`);
  // Blocks: a gap ≥ rest_gap after the latest finish so far starts a new block.
  await run(`create table ob as
    select *, sum(case when prev is null or a - prev >= ${gap} then 1 else 0 end) over (partition by person order by a, rn rows unbounded preceding) as b
    from (select *, max(f) over (partition by person order by a, rn rows between unbounded preceding and 1 preceding) as prev from o)`);
  out.R1 = await one(`select count(*) from (select person, b from ob group by person, b having max(f) - min(a) > ${block})`);
  out.R2 = await one(`select count(*) from (select a - min(a) over (partition by person, b) as ran from ob) where ran >= ${block}`);
  // Driver-days: worked time = length of the union of the day's intervals (+ allowance).
  await run(`create table dd as
    with s as (
      select *, max(f) over (partition by person, day order by a, rn rows between unbounded preceding and 1 preceding) as prev from o),
    isl as (
      select *, sum(case when prev is null or a > prev then 1 else 0 end) over (partition by person, day order by a, rn rows unbounded preceding) as isle from s),
    lens as (select person, day, isle, max(f) - min(a) as len from isl group by person, day, isle)
    select d.person, d.day, d.pay, d.city, l.worked + ${r.allowance_min * 60_000} as worked, m.maxday
    from (select person, day, sum(pay) as pay, first(city_code order by a, rn) as city from o group by person, day) d
    join (select person, day, sum(len) as worked from lens group by person, day) l using (person, day)
    left join (select person, day, min(maxday) as maxday from o join caps using (platform) group by person, day) m using (person, day)`);
  out.P3 = await one(`select count(*) from dd join wages on wages.city = dd.city where worked > 0 and pay * 3600000 < wage * worked`);
  out.R3 = await one(`select count(*) from dd where maxday is not null and worked > maxday * 60000`);
  out.P2 = await one(`select count(*) from (
      select platform, sum(fare) as sf, sum(pay) as sp, count(*) as n from o
      group by person, platform, year(date '1970-01-01' + day::integer), month(date '1970-01-01' + day::integer)) g
    join caps using (platform) where mcap is not null and n >= minorders and sf > 0 and (sf - sp)::double / sf::double > mcap`);
  c.closeSync();
  db.closeSync();
  return out;
}

// One click, one report: every section of the observatory for the filter (P1's observation, which
// refuses anyone but its readers with 404), the agency-supplied figures for the same period and region
// (P2's suppliedFigures), laid out as an A4 PDF in the reader's language. Reading aggregates changes
// nothing and holds no personal data, so nothing is audited.
import type { Ctx } from '../../../platform/context.js';
import { nowOf } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import type { Locale } from '../../../../shared/reference.js';
import type { StatsFilter } from '../../../../shared/stats.js';
import { observation } from '../index.js';
import { suppliedFigures } from '../agency/index.js';
import { reportModel } from './report.model.js';
import { reportPdf } from './report.pdf.js';

export async function reportPdfFor(ctx: Ctx, p: Principal, f: StatsFilter, lang: Locale): Promise<{ name: string; bytes: Buffer }> {
  const obs = await observation(ctx, p, f);
  const supplied = await suppliedFigures(ctx, { from: f.from, to: f.to, city: f.city, district: f.district });
  const now = new Date(nowOf(ctx));
  const bytes = await reportPdf(reportModel(obs, supplied, lang, now), { now });
  const where = f.district ?? f.city ?? 'xinjiang';
  return { name: `nuanxin-observation-${where}-${f.from}-${f.to}-${lang}.pdf`, bytes };
}

import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import { locales } from '../../../../shared/reference.js';
import { statsFilter } from '../../../../shared/stats.js';
import { READERS } from '../index.js';
import { reportPdfFor } from './report.service.js';

const tags = ['stats'];

/** The dashboard filter plus the report's language; the filter's own checks (period order, codes) apply as they are. */
const reportQuery = statsFilter.in
  .extend({ lang: z.enum(locales).default('zh').describe('Language of the report: zh (default), ug (Uyghur, right to left) or en') })
  .transform(({ lang, ...rest }, ctx) => {
    const f = statsFilter.safeParse(rest);
    if (!f.success) {
      for (const i of f.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message, params: (i as { params?: Record<string, unknown> }).params ?? { code: 'invalid_value' } });
      return z.NEVER;
    }
    return { ...f.data, lang };
  });

export function reportRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/stats/report.pdf',
    {
      config: { access: { roles: [...READERS] } },
      schema: {
        tags,
        summary:
          'The period’s “big-data observation” for a region as an A4 PDF (charts drawn as vector paths, a table per section, every figure with its source and period, agency figures marked supplied), in Chinese, Uyghur or English. Same filter as the dashboard; an inverted period answers 400 naming `from`, an unknown language 400 naming `lang`',
        querystring: reportQuery,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const { lang, ...filter } = req.query;
      const pdf = await reportPdfFor(ctx, req.principal, filter, lang);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.name}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );
}

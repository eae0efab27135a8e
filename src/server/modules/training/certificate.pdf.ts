/**
 * A certificate as a one-page A4 (landscape) PDF: Chinese with English, the font embedded (subset),
 * and a QR code, drawn as vectors, that opens the public check page. The font is Noto Serif SC
 * (SIL OFL 1.1) from the @expo-google-fonts/noto-serif-sc package, as for the cases' letters.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export type CertificatePdfModel = {
  number: string;
  holderName: string;
  occupation: string;
  level: number;
  issuedOn: string;
  schoolName: string;
  verifyUrl: string;
  valid: boolean;
};

const occupationNames: Record<string, [string, string]> = {
  ecommerce_specialist: ['电子商务师', 'E-commerce specialist'],
  live_streaming_seller: ['互联网营销师（直播销售员）', 'Internet marketer (live-stream seller)'],
  internet_marketing: ['互联网营销师', 'Internet marketer'],
};
const levelNames: Record<number, string> = { 5: '五级 / 初级工', 4: '四级 / 中级工', 3: '三级 / 高级工', 2: '二级 / 技师', 1: '一级 / 高级技师' };

const require = createRequire(import.meta.url);
const fonts = new Map<string, Promise<Buffer>>();
function font(weight: 'regular' | 'bold'): Promise<Buffer> {
  let f = fonts.get(weight);
  if (!f) {
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
    f = fs.readFile(path.join(dir, weight === 'bold' ? '700Bold/NotoSerifSC_700Bold.ttf' : '400Regular/NotoSerifSC_400Regular.ttf'));
    fonts.set(weight, f);
    f.catch(() => fonts.delete(weight));
  }
  return f;
}

const RED = '#b3261e';

export async function certificatePdf(m: CertificatePdfModel): Promise<Buffer> {
  const [regular, bold] = await Promise.all([font('regular'), font('bold')]);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    lang: 'zh-CN',
    pdfVersion: '1.7',
    // The certificate's own date, so the same certificate renders to the same bytes.
    info: { Title: `职业技能等级证书 ${m.number}`, Author: m.schoolName, Creator: 'Nuanxin', CreationDate: new Date(`${m.issuedOn}T00:00:00+08:00`) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const W = doc.page.width;
  const H = doc.page.height;

  // A red double frame.
  doc.save().lineWidth(3).strokeColor(RED).rect(28, 28, W - 56, H - 56).stroke();
  doc.lineWidth(1).rect(36, 36, W - 72, H - 72).stroke().restore();

  doc.font('bold').fontSize(30).fillColor(RED).text('职业技能等级证书', 0, 70, { width: W, align: 'center' });
  doc.font('regular').fontSize(13).fillColor('#333').text('Vocational Skill Level Certificate', 0, 112, { width: W, align: 'center' });

  const [occZh, occEn] = occupationNames[m.occupation] ?? [m.occupation, m.occupation];
  const rows: [string, string][] = [
    ['姓名 Holder', m.holderName],
    ['职业 Occupation', `${occZh}  ${occEn}`],
    ['等级 Level', `${levelNames[m.level] ?? m.level}  (Level ${m.level})`],
    ['证书编号 Number', m.number],
    ['发证日期 Issued on', m.issuedOn],
    ['发证单位 Issued by', m.schoolName],
  ];
  let y = 170;
  for (const [label, value] of rows) {
    doc.font('regular').fontSize(12).fillColor('#555').text(label, 90, y + 3, { width: 150 });
    doc.font('bold').fontSize(16).fillColor('#000').text(value, 245, y, { width: W - 245 - 260 });
    y += 44;
  }
  if (!m.valid) doc.font('bold').fontSize(20).fillColor(RED).text('已撤销 REVOKED', 90, y + 6);

  // The QR code: one filled square per dark module.
  const qr = QRCode.create(m.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 170;
  const cell = box / (size + 2);
  const qx = W - 90 - box;
  const qy = 180;
  doc.save().rect(qx, qy, box, box).fill('#fff');
  doc.fillColor('#000');
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) doc.rect(qx + (c + 1) * cell, qy + (r + 1) * cell, cell, cell);
  }
  doc.fill().restore();
  doc.font('regular').fontSize(11).fillColor('#333').text('扫码核验 Scan to verify', qx - 20, qy + box + 8, { width: box + 40, align: 'center' });
  doc.fontSize(8).fillColor('#666').text(m.verifyUrl, qx - 40, qy + box + 26, { width: box + 80, align: 'center' });
  doc.end();
  return done;
}

// The training screens' words in the three languages, kept together so one area's strings live in one file.
// zh is the key set the others must match (locales.test.ts checks the merged messages).
const zh = {
  title: '电商培训',
};
const ug: typeof zh = {
  title: 'ئېلېكترونلۇق سودا تەربىيىسى',
};
const en: typeof zh = {
  title: 'E-commerce training',
};
export const trainingMessages = { zh, ug, en };

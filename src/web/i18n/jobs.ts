// The jobs screens' words in the three languages, kept together so one area's strings live in one file.
// zh is the key set the others must match (locales.test.ts checks the merged messages).
const zh = {
  title: '定向就业',
};
const ug: typeof zh = {
  title: 'نىشانلىق ئىشقا ئورۇنلىشىش',
};
const en: typeof zh = {
  title: 'Directed employment',
};
export const jobsMessages = { zh, ug, en };

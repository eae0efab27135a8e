// The incubator screens' words in the three languages, kept together so one area's strings live in one file.
// zh is the key set the others must match (locales.test.ts checks the merged messages).
const zh = {
  title: '孵化基地',
};
const ug: typeof zh = {
  title: 'يېتىلدۈرۈش بازىسى',
};
const en: typeof zh = {
  title: 'Incubation base',
};
export const incubatorMessages = { zh, ug, en };
